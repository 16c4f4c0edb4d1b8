using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Api;
using Tsm.Gateway.Audit;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Ota;
using Tsm.Gateway.Tests.Storage;
using Tsm.Protocol.Wallet;

namespace Tsm.Gateway.Tests.Access;

/// <summary>
/// The BOSS's own credential and its number-departure notice (requirement 5.5.6; docs/security.md, "BOSS"): only a
/// configured BOSS may send it, and the notice ends the binding at once — the wallet of the departed number can no
/// longer act, and the SE is free for a new number, whose login then blocks the old number's applications.
/// </summary>
public sealed class BossNoticeTests
{
    private const string DemoApp = "A000000333010101";
    private const string BossKey = "boss-test-key-0123456789";
    private const string Path = "/boss/v1/number-departures";

    private static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static HttpRequestMessage Notice(string? key, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
            request.Headers.Add("X-Boss-Key", key);
        return request;
    }

    [Fact]
    public async Task Only_the_BOSS_may_send_a_departure_notice_and_it_ends_the_binding_at_once()
    {
        const string seId = "8600000000000000B055";
        const string departed = "13100000551";
        using var database = new TempDatabase();
        await using var gateway = new RunningGateway(database.Path, "--Boss:Systems:qa-boss:ApiKeySha256:0", Hash(BossKey));
        await gateway.StartAsync();
        using var phone = new Phone(gateway.BaseAddress, seId, departed);
        await phone.LoginAsync();
        Assert.Equal(WalletTaskState.Succeeded, (await phone.DoAsync(WalletOperation.Download, DemoApp)).State);
        var body = $$"""{"msisdn":"{{departed}}"}""";

        // No credential, a wrong key, an operator with every permission, a wallet: none of them is the BOSS.
        using (var none = await gateway.Anonymous.SendAsync(Notice(null, body)))
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        using (var wrong = await gateway.Anonymous.SendAsync(Notice("not-the-key", body)))
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using (var operatorCall = await gateway.Client.SendAsync(Notice(null, body)))
            Assert.Equal(HttpStatusCode.Unauthorized, operatorCall.StatusCode);
        using (var walletCall = await phone.Http.SendAsync(Notice(null, body)))
            Assert.Equal(HttpStatusCode.Unauthorized, walletCall.StatusCode);
        var directory = gateway.Services.GetRequiredService<SeDirectory>();
        Assert.Equal([seId], await directory.SeIdsOfAsync(departed));

        // Bad notices: clear problems, nothing changed.
        foreach (var bad in new[] { "{}", """{"msisdn":"+8613100000551"}""", """{"msisdn":12}""", "not json" })
        {
            using var refused = await gateway.Anonymous.SendAsync(Notice(BossKey, bad));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal([seId], await directory.SeIdsOfAsync(departed));

        using (var accepted = await gateway.Anonymous.SendAsync(Notice(BossKey, body)))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            var recorded = await accepted.Content.ReadFromJsonAsync<NumberDepartureRecorded>();
            Assert.Equal([seId], recorded!.Ses);
        }
        Assert.Empty(await directory.SeIdsOfAsync(departed));
        // A repeated notice is harmless: the binding is already gone.
        using (var again = await gateway.Anonymous.SendAsync(Notice(BossKey, body)))
            Assert.Empty((await again.Content.ReadFromJsonAsync<NumberDepartureRecorded>())!.Ses);

        // The departed number's wallet, still holding its access token, may no longer act on the SE.
        using (var stale = await phone.Http.PostAsJsonAsync("/wallet/v1/operations",
            new WalletOperationRequest { SeId = seId, Msisdn = departed, Operation = WalletOperation.Delete, ApplicationAid = DemoApp }))
            Assert.Equal(HttpStatusCode.Forbidden, stale.StatusCode);

        // A new number proven on the same phone takes the SE; the old number's application waits to be deleted.
        using var next = new Phone(gateway.BaseAddress, seId, "13100000552", phone.Card);
        var login = await next.LoginAsync();
        Assert.Equal(WalletOperation.Register, (await next.TaskAsync(login.TaskId!)).Operation);
        Assert.Equal([seId], await directory.SeIdsOfAsync("13100000552"));
        Assert.Contains(DemoApp, (await next.LoginAsync()).Applications.Delete);

        // The audit log names the BOSS as the actor of each notice, refused ones included.
        var audit = await gateway.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { Actor = "qa-boss" });
        Assert.Equal(6, audit.Count(r => r.Action == "POST " + Path));
        Assert.All(audit, r => Assert.Equal("boss", r.Roles));
    }
}
