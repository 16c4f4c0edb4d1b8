using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Storage;
using Tsm.Protocol.Wallet;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>
/// Requirement 5.5.2, 3b: an SE whose number left the network is registered to the new number at its login; the old
/// number, no longer the SE's, may then only look.
/// </summary>
public sealed class RetiredNumberTests
{
    private const string DemoApp = "A000000333010101";

    [Fact]
    public async Task An_SE_of_a_retired_number_is_registered_to_the_new_one()
    {
        const string seId = "8600000000000000C101";
        const string retired = "13100000101";
        using var database = new TempDatabase();
        await using var gateway = new RunningGateway(database.Path, "--Wallet:RetiredMsisdns:0", retired);
        await gateway.StartAsync();
        using var old = new Phone(gateway.BaseAddress, seId, retired);
        await old.LoginAsync();
        Assert.Equal(WalletTaskState.Succeeded, (await old.DoAsync(WalletOperation.Download, DemoApp)).State);

        using var next = new Phone(gateway.BaseAddress, seId, "13100000102", old.Card);
        var login = await next.LoginAsync(); // runs the registration session
        Assert.False(login.QueryOnly);
        Assert.NotNull(login.SessionId);
        Assert.Equal(WalletOperation.Register, (await next.TaskAsync(login.TaskId!)).Operation);
        Assert.Equal("3101000001F2", next.Card.Image.Applications[0].SecurityDomain!.StoredData["2F14"]);
        Assert.Equal([seId], await gateway.Services.GetRequiredService<SeDirectory>().SeIdsOfAsync("13100000102"));
        // The old number's application is still on the SE, blocked from download; the new number may delete it.
        Assert.Contains(DemoApp, (await next.LoginAsync()).Applications.Delete);

        Assert.True((await old.LoginAsync()).QueryOnly);
    }
}
