using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.ServiceProviders;
using Tsm.Gateway.Tests.Ota;
using Tsm.Gateway.Tests.Sp;
using Tsm.Grains.Ota;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Card;
using Tsm.Simulator.Card.Applets;
using Tsm.Simulator.Phone;

namespace Tsm.Gateway.Tests.Management.Applications;

/// <summary>
/// Requirement 5.4.1 scope over HTTP: a provincial application (Guangdong, 440000) is offered and downloaded only to SEs
/// whose number is homed there (the seeded number segment 1380013 → 天河区 440106); the wallet, the provider's platform
/// and the business hall are refused with 403 elsewhere, and nothing is queued. National applications go anywhere.
/// </summary>
[Collection(SpDomainGatewayCollection.Name)]
public sealed class ApplicationScopeTests(SpDomainGatewayFixture gateway)
{
    private static int s_next;

    private async Task<Phone> RegisteredPhoneAsync(string msisdn)
    {
        var seId = $"8600000000000000{Interlocked.Increment(ref s_next) + 0x7400:X4}";
        var image = CardFactory.CreateBatch(new SeBatchProfile
        {
            FirstSeId = seId,
            ModuleBehaviours = new Dictionary<string, string> { ["A00000077701"] = AppletBehaviours.EPurse },
        }).Single();
        var card = new SimulatedCard(image);
        card.PowerOn();
        var phone = new Phone(gateway.BaseAddress, seId, msisdn, card);
        await phone.LoginAsync();
        return phone;
    }

    private Task<IReadOnlyList<TaskView>> QueueOf(Phone phone) =>
        gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<ISeGrain>(phone.SeId).ListTasks();

    [Fact]
    public async Task A_provincial_application_is_offered_and_downloaded_in_its_province_only()
    {
        // 13800130001 is homed in 天河区 (440106), in Guangdong; 13900100001 in 朝阳区 (110105), in Beijing.
        using var guangzhou = await RegisteredPhoneAsync("13800130001");
        using var beijing = await RegisteredPhoneAsync("13900100001");

        var inProvince = await guangzhou.LoginOnlyAsync();
        Assert.Contains(SpDomainSetup.GuangdongPurse, inProvince.Applications.Download);
        Assert.Contains(SpDomainSetup.IsdPurse, inProvince.Applications.Download);
        var outside = await beijing.LoginOnlyAsync();
        Assert.DoesNotContain(SpDomainSetup.GuangdongPurse, outside.Applications.Download);
        Assert.Contains(SpDomainSetup.IsdPurse, outside.Applications.Download); // national

        // The wallet: 403 with the reason, nothing queued.
        var refused = await Assert.ThrowsAsync<WalletApiException>(() => beijing.SubmitAsync(WalletOperation.Download, SpDomainSetup.GuangdongPurse));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("110000", refused.Problem?.Detail ?? "", StringComparison.Ordinal);
        Assert.Empty(await QueueOf(beijing));

        // The provider's platform: 403, nothing queued.
        using (var sp = await gateway.Client.SendAsync(SpSetup.Request(HttpMethod.Post, SpPaths.Operations(beijing.SeId), SpDomainSetup.BankKey,
                   new { operation = "download", applicationAid = SpDomainSetup.GuangdongPurse })))
        {
            await HttpAssert.ProblemAsync(sp, HttpStatusCode.Forbidden);
            var problem = JsonDocument.Parse(await sp.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("Outside the application's provinces", problem.GetProperty("title").GetString());
        }
        Assert.Empty(await QueueOf(beijing));

        // The business hall (an operator's counter, national account): 403, nothing queued.
        using var hall = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "hall-scope", ["business-hall"]);
        using (var counter = await hall.PostAsJsonAsync(new Uri("/admin/v1/business-hall/operations", UriKind.Relative),
                   new { seId = beijing.SeId, msisdn = beijing.Msisdn, operation = "download", applicationAid = SpDomainSetup.GuangdongPurse }))
            await HttpAssert.ProblemAsync(counter, HttpStatusCode.Forbidden);
        Assert.Empty(await QueueOf(beijing));

        // A number of no known segment is outside every province.
        using var unknown = await RegisteredPhoneAsync("17700000001");
        var none = await Assert.ThrowsAsync<WalletApiException>(() => unknown.SubmitAsync(WalletOperation.Download, SpDomainSetup.GuangdongPurse));
        Assert.Equal(HttpStatusCode.Forbidden, none.Status);

        // In the province the download runs and the card holds the application.
        var done = await guangzhou.DoAsync(WalletOperation.Download, SpDomainSetup.GuangdongPurse);
        Assert.Equal(WalletTaskState.Succeeded, done.State);
        Assert.Contains(guangzhou.Card.Image.Applications, a => a.Aid == SpDomainSetup.GuangdongPurse);
    }
}
