using Tsm.Gateway.Tests.Storage;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Phone;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>The gateway as an OS process, killed (SIGKILL) in the middle of a LOAD and started again on its database.</summary>
public sealed class ProcessKillTests
{
    [Fact]
    public async Task A_gateway_process_killed_mid_load_loses_nothing_acknowledged_and_the_download_completes()
    {
        using var database = new TempDatabase();
        using var gateway = new GatewayProcess(SiloHost.FreePort(), ["--Storage:SqlitePath", database.Path]);
        await gateway.StartAsync();
        using var phone = new Phone(gateway.BaseAddress, "8600000000000000B001", "13200000001");
        await phone.LoginAsync();
        var accepted = await phone.SubmitAsync(WalletOperation.Download, "A000000333010101");

        Task? restart = null;
        var card = new LoadInterruptingCard(phone.Card, 10, () =>
        {
            gateway.Kill();
            restart = gateway.StartAsync();
        });
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        http.DefaultRequestHeaders.Authorization = phone.Http.DefaultRequestHeaders.Authorization;
        var session = await new SeramLocalAgent(card, phone.SeId, http, accepted.SessionId, Phone.FastAgent with { RetryWindow = TimeSpan.FromSeconds(60) }).RunAsync();
        Assert.NotNull(restart);
        await restart;
        Assert.True(session.IsCompleted, session.Detail);

        // The registration and the accepted task survived the kill; the task resumed without a second load file.
        var task = await new WalletClient(http).GetTaskAsync(accepted.TaskId);
        Assert.True(task.State == WalletTaskState.Succeeded, task.Failure?.Reason);
        Assert.Single(phone.Card.Image.LoadFiles, f => f.Aid == "A0000003330101");
        Assert.Single(phone.Card.Image.Applications, a => a.Aid == "A000000333010101");
    }
}
