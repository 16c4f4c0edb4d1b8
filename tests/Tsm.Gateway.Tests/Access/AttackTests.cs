using System.Net;
using System.Net.Http.Json;
using Tsm.Gateway.Tests.Ota;
using Tsm.Gateway.Tests.Storage;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Phone;

namespace Tsm.Gateway.Tests.Access;

/// <summary>
/// The attacks an outsider made on the gateway before it had access control (issue "Identity, access control and
/// audit"), each tried again: every one is refused now (docs/security.md).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class AttackTests(GatewayFixture gateway)
{
    private const string DemoApp = "A000000333010101";

    [Theory]
    [InlineData("POST", "/admin/v1/keys/import")]
    [InlineData("POST", "/admin/v1/batches/demo/key-rotation")]
    [InlineData("POST", "/admin/v1/ses/86000000000000000001/operations")]
    [InlineData("POST", "/admin/v1/pushes")]
    [InlineData("GET", "/admin/v1/mo")]
    [InlineData("GET", "/admin/v1/operations")]
    [InlineData("GET", "/admin/v1/tasks/86000000000000000001.00000000000000000000000000000000")]
    [InlineData("GET", "/admin/v1/tasks/86000000000000000001.00000000000000000000000000000000/transcript")]
    [InlineData("DELETE", "/wallet/v1/tasks/86000000000000000001.00000000000000000000000000000000")]
    [InlineData("POST", "/wallet/v1/operations")]
    [InlineData("GET", "/wallet/v1/ses/86000000000000000001/tasks")]
    public async Task Anonymous_operator_and_wallet_actions_are_refused(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (method == "POST")
            request.Content = new StringContent("""{"seId":"86000000000000000001","msisdn":"13800138000","operation":"delete","applicationAid":"A000000333010101"}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await gateway.Anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_wallet_cannot_touch_another_ses_application_tasks_or_sessions()
    {
        using var victim = new Phone(gateway.BaseAddress, "8600000000000000D101", "13800001101");
        await victim.LoginAsync();
        Assert.Equal(WalletTaskState.Succeeded, (await victim.DoAsync(WalletOperation.Download, DemoApp)).State);
        using var attacker = new Phone(gateway.BaseAddress, "8600000000000000D102", "13800001102");
        await attacker.LoginAsync();

        // Naming the victim's SE and number in the body, with the attacker's own token: refused, nothing queued.
        var delete = await Assert.ThrowsAsync<WalletApiException>(() => new WalletClient(attacker.Http).SubmitOperationAsync(new WalletOperationRequest
        {
            SeId = victim.SeId, Msisdn = victim.Msisdn, Operation = WalletOperation.Delete, ApplicationAid = DemoApp,
        }));
        Assert.Equal(HttpStatusCode.Forbidden, delete.Status);

        // The victim's queue, tasks and sessions are unknown to the attacker's wallet.
        var pending = await victim.SubmitAsync(WalletOperation.Lock, DemoApp);
        using (var queue = await attacker.Http.GetAsync(new Uri($"/wallet/v1/ses/{victim.SeId}/tasks", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.NotFound, queue.StatusCode);
        using (var abort = await attacker.Http.DeleteAsync(new Uri($"/wallet/v1/tasks/{pending.TaskId}", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.NotFound, abort.StatusCode);
        using (var open = await attacker.Http.PostAsync(new Uri($"/wallet/v1/tasks/{pending.TaskId}/session", UriKind.Relative), null))
            Assert.Equal(HttpStatusCode.NotFound, open.StatusCode);
        // Driving (or failing) the victim's SERAM session: with its session id, its task id, or a made-up one.
        foreach (var sessionId in new[] { pending.SessionId, pending.TaskId, "x" })
        {
            using var report = await attacker.Http.PostAsync(new Uri($"/gp/seram/remoteManagement?sessionId={Uri.EscapeDataString(sessionId)}", UriKind.Relative),
                new StringContent("""{"localAgentStatus":{"localAgentStatusEnum":"ERROR","executedSeRamCommands":0,"errorMsg":"x"}}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Forbidden, report.StatusCode);
        }
        // The victim's task is untouched and runs.
        Assert.True((await victim.RunSessionAsync(pending.SessionId)).IsCompleted);
        Assert.Equal(WalletTaskState.Succeeded, (await victim.TaskAsync(pending.TaskId)).State);
    }

    [Fact]
    public async Task An_unregistered_se_is_bound_to_the_number_proven_last_and_the_first_claimant_gets_nothing_written()
    {
        const string seId = "8600000000000000D103";
        // The attacker proves his own number first (the network gateway vouches for it) and gets the registration session.
        using var attacker = new Phone(gateway.BaseAddress, seId, "13800001103");
        var first = await attacker.LoginOnlyAsync();
        Assert.NotNull(first.SessionId);
        // The SE's owner logs in with his own proven number: his registration replaces the attacker's, never written.
        using var owner = new Phone(gateway.BaseAddress, seId, "13800001104", attacker.Card);
        var login = await owner.LoginAsync();
        Assert.NotEqual(first.TaskId, login.TaskId);
        Assert.Equal(WalletTaskState.Aborted, (await owner.TaskAsync(first.TaskId!)).State);
        using (var stale = await attacker.Http.PostAsync(new Uri($"/gp/seram/remoteManagement?sessionId={first.SessionId}", UriKind.Relative),
                   new StringContent("""{"localAgentStatus":{"localAgentStatusEnum":"POLLING","executedSeRamCommands":0}}""", System.Text.Encoding.UTF8, "application/json")))
        {
            // The attacker's session ended with its task: a stop, nothing to run.
            Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
            Assert.Contains("STOP", (await stale.Content.ReadAsStringAsync()).ToUpperInvariant(), StringComparison.Ordinal);
        }
        Assert.True((await owner.LoginAsync()).Registered);
        // What the card holds in DGI 2F14 is the owner's number.
        var stored = attacker.Card.Image.Applications.Single(a => a.Aid == "A0000001510000").SecurityDomain!.StoredData.GetValueOrDefault("2F14");
        Assert.Equal(Convert.ToHexString(RegistrationData.EncodeMsisdn(owner.Msisdn)), stored);
    }

    [Fact]
    public async Task Without_the_network_gateway_or_a_code_no_number_is_proven()
    {
        using var database = new TempDatabase();
        await using var untrusted = new RunningGateway(database.Path) { TrustLoopbackNetworkGateway = false };
        await untrusted.StartAsync();
        // The network header from an address not configured as the network gateway is not believed.
        using var phone = new Phone(untrusted.BaseAddress, "8600000000000000D105", "13800001105");
        var refused = await Assert.ThrowsAsync<WalletApiException>(() => phone.LoginOnlyAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.EndsWith("registration-code-required", refused.Problem?.Type, StringComparison.Ordinal);
        // A wrong code is refused too, and a code cannot be sent without an SMS link (503, nothing stored).
        var wrong = await Assert.ThrowsAsync<WalletApiException>(() => phone.LoginOnlyAsync(code: "123456"));
        Assert.EndsWith("registration-code-invalid", wrong.Problem?.Type, StringComparison.Ordinal);
        using var code = await untrusted.Anonymous.PostAsJsonAsync("/wallet/v1/registration-codes", new { seId = phone.SeId, msisdn = phone.Msisdn });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code.StatusCode);
    }
}
