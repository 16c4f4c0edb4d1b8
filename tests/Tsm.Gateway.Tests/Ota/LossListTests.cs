using Tsm.Gateway.Tests.Storage;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Wallet;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>Requirement 5.5.2: an SE on the loss list gets its applications locked at the next login.</summary>
public sealed class LossListTests
{
    [Fact]
    public async Task A_lost_SE_gets_every_usable_application_locked_and_only_once()
    {
        const string seId = "8600000000000000C001";
        using var database = new TempDatabase();
        Tsm.Simulator.Card.CardImage? image;
        await using (var gateway = new RunningGateway(database.Path))
        {
            await gateway.StartAsync();
            using var phone = new Phone(gateway.BaseAddress, seId, "13100000001", Phone.PoweredCard(seId));
            await phone.LoginAsync();
            Assert.Equal(WalletTaskState.Succeeded, (await phone.DoAsync(WalletOperation.Download, "A000000333010101")).State);
            image = phone.Card.Image;
        }

        // The same SE reported lost: the gateway restarts with it on the loss list.
        await using var lost = new RunningGateway(database.Path, "--Wallet:LostSeIds:0", seId);
        await lost.StartAsync();
        using var card = new Tsm.Simulator.Card.SimulatedCard(image);
        card.PowerOn();
        using var again = new Phone(lost.BaseAddress, seId, "13100000001", card);
        var login = await again.LoginOnlyAsync();
        Assert.True(login.QueryOnly);
        Assert.NotNull(login.SessionId);
        var second = await again.LoginOnlyAsync();
        Assert.Equal(login.TaskId, second.TaskId);
        Assert.True((await again.RunSessionAsync(second.SessionId!)).IsCompleted);
        Assert.True(LifeCycle.IsLocked(card.Image.Applications.Single(a => a.Aid == "A000000333010101").LifeCycle));
        // Nothing more to run: a lost SE's wallet gets neither a session nor an access token.
        var last = await again.LoginOnlyAsync();
        Assert.Null(last.SessionId);
        Assert.Null(last.AccessToken);
    }
}
