using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Tsm.Gateway.ServiceProviders;
using Tsm.Gateway.Tests.Ota;
using Tsm.Gateway.Tests.Storage;

namespace Tsm.Gateway.Tests.Sp;

/// <summary>An SE on the loss list (requirement 5.5.2): a provider may still delete or lock there, but put nothing on it.</summary>
public sealed class SpLostSeTests
{
    [Fact]
    public async Task A_provider_cannot_download_or_personalize_on_a_lost_se_but_may_still_delete()
    {
        using var database = new TempDatabase();
        const string seId = "8600000000000000B001";
        await using (var before = new RunningGateway(database.Path, SpDomainSetup.Arguments()))
        {
            await before.StartAsync();
            using var phone = new Phone(before.BaseAddress, seId, "13955556666");
            await phone.LoginAsync();
            Assert.Equal(Tsm.Protocol.Wallet.WalletTaskState.Succeeded, (await phone.DoAsync(Tsm.Protocol.Wallet.WalletOperation.Download, SpDomainSetup.IsdPurse)).State);
        }
        // The user reports the SE lost: the operator puts it on the loss list.
        await using var gateway = new RunningGateway(database.Path, [.. SpDomainSetup.Arguments(), "--Wallet:LostSeIds:0", seId]);
        await gateway.StartAsync();
        using var download = await gateway.Client.SendAsync(SpSetup.Request(HttpMethod.Post, SpPaths.Operations(seId), SpDomainSetup.BankKey,
            new { operation = "download", applicationAid = SpDomainSetup.IsdPurse }));
        await HttpAssert.ProblemAsync(download, HttpStatusCode.Conflict);
        Assert.Contains("loss list", await download.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var create = await gateway.Client.SendAsync(SpSetup.Request(HttpMethod.Post, SpPaths.Operations(seId), SpDomainSetup.BankKey,
            new { operation = "create-security-domain", securityDomainAid = SpDomainSetup.BankSd }));
        await HttpAssert.ProblemAsync(create, HttpStatusCode.Conflict);
        // Nothing was queued for the SE.
        Assert.Empty(await gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<Tsm.Grains.Ota.ISeGrain>(seId).ListTasks());
        // Deleting the provider's application is still allowed: queued (202, the SE is not online).
        using var delete = await gateway.Client.SendAsync(SpSetup.Request(HttpMethod.Post, SpPaths.Operations(seId), SpDomainSetup.BankKey,
            new { operation = "delete", applicationAid = SpDomainSetup.IsdPurse }));
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
    }
}
