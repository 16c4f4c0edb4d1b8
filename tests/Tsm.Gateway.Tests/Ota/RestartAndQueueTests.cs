using System.Net.Http.Json;
using Tsm.Gateway.Tests.Storage;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Phone;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>The gateway restarted in the middle of a download, and two requests for one SE (requirements 5.8.7.1, 5.8.8).</summary>
public sealed class RestartAndQueueTests
{
    private const string DemoApp = "A000000333010101";

    [Fact]
    public async Task A_gateway_restarted_mid_load_resumes_the_task_without_a_second_load_file()
    {
        using var database = new TempDatabase();
        await using var gateway = new RunningGateway(database.Path);
        await gateway.StartAsync();
        using var phone = new Phone(gateway.BaseAddress, "86000000000000009001", "13500000001");
        await phone.LoginAsync();
        var accepted = await phone.SubmitAsync(WalletOperation.Download, DemoApp);

        // The card gets the whole order 2; before LOAD block 10 the gateway goes down and comes back on the same database.
        var card = new LoadInterruptingCard(phone.Card, 10, () =>
        {
            gateway.StopAsync().GetAwaiter().GetResult();
            gateway.StartAsync().GetAwaiter().GetResult();
        });
        var http = phone.Http;
        var options = Phone.FastAgent with { RetryWindow = TimeSpan.FromSeconds(30) };
        var session = await new SeramLocalAgent(card, phone.SeId, http, accepted.SessionId, options).RunAsync();
        Assert.True(session.IsCompleted, session.Detail);
        Assert.Equal(1, card.Interruptions);

        var wallet = phone.Http;
        var task = await new WalletClient(wallet).GetTaskAsync(accepted.TaskId);
        Assert.True(task.State == WalletTaskState.Succeeded, task.Failure?.Reason);
        Assert.Single(phone.Card.Image.LoadFiles, f => f.Aid == "A0000003330101");
        Assert.Single(phone.Card.Image.Applications, a => a.Aid == DemoApp);
    }

    [Fact]
    public async Task A_gateway_restarted_mid_session_sends_no_second_startCommand_in_it()
    {
        using var database = new TempDatabase();
        await using var gateway = new RunningGateway(database.Path);
        await gateway.StartAsync();
        using var phone = new Phone(gateway.BaseAddress, "86000000000000009004", "13500000004");
        await phone.LoginAsync();
        var accepted = await phone.SubmitAsync(WalletOperation.Download, DemoApp);
        // No pooled connection outlives the restart.
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { BaseAddress = gateway.BaseAddress };
        http.DefaultRequestHeaders.Authorization = phone.Http.DefaultRequestHeaders.Authorization;
        var wire = new SeramWire(http, phone, accepted.SessionId);
        await wire.HandshakeAsync();
        var first = await wire.PostAsync(Tsm.Protocol.Seram.RemoteManagementReport.Polling());
        Assert.True(SeramWire.Starts(first));
        var report = wire.Agent.Execute(first).Report;

        // The gateway goes down with order 1 answered but not yet reported, and comes back on the same database. The
        // task opens a new secure channel (its order sequence starts again), but the SERAM session is the same one.
        await gateway.StopAsync();
        await gateway.StartAsync();
        var afterRestart = await wire.PostAsync(report);
        Assert.False(SeramWire.Starts(afterRestart));
        Assert.Contains(afterRestart.RamCommands!, c => c.RamCommandType == Tsm.Protocol.Seram.RamCommandType.SeRamCommand);
        await wire.RunToStopAsync(afterRestart);

        Assert.Equal(1, wire.StartCommands);
        var task = await new WalletClient(http).GetTaskAsync(accepted.TaskId);
        Assert.True(task.State == WalletTaskState.Succeeded, task.Failure?.Reason);
        Assert.Single(phone.Card.Image.Applications, a => a.Aid == DemoApp);
    }

    [Fact]
    public async Task Two_requests_for_one_SE_one_runs_one_waits_and_a_waiting_one_can_be_aborted()
    {
        using var database = new TempDatabase();
        await using var gateway = new RunningGateway(database.Path);
        await gateway.StartAsync();
        using var phone = new Phone(gateway.BaseAddress, "86000000000000009002", "13500000002");
        await phone.LoginAsync();
        var first = await phone.SubmitAsync(WalletOperation.Download, DemoApp);
        phone.BusinessHall = gateway.BusinessHall;
        var second = await phone.SubmitAsync(WalletOperation.Sync, null, WalletChannel.BusinessHall);
        var http = phone.Http;
        var queue = await http.GetFromJsonAsync($"/wallet/v1/ses/{phone.SeId}/tasks", WalletJsonContext.Default.IReadOnlyListWalletTaskStatus);
        Assert.Equal([first.TaskId, second.TaskId], queue!.Select(t => t.TaskId));

        // The second session waits (long poll, then "waiting" notices) while the first runs; both finish.
        var waiting = phone.RunSessionAsync(second.SessionId);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        Assert.True((await phone.RunSessionAsync(first.SessionId)).IsCompleted);
        Assert.True((await waiting).IsCompleted);
        Assert.Equal(WalletTaskState.Succeeded, (await phone.TaskAsync(first.TaskId)).State);
        Assert.Equal(WalletTaskState.Succeeded, (await phone.TaskAsync(second.TaskId)).State);

        // A queued task can be aborted; its session then ends at once.
        var running = await phone.SubmitAsync(WalletOperation.Lock, DemoApp);
        phone.BusinessHall = gateway.BusinessHall;
        var queued = await phone.SubmitAsync(WalletOperation.Sync, null, WalletChannel.BusinessHall);
        using (var abort = await http.DeleteAsync(new Uri($"/wallet/v1/tasks/{queued.TaskId}", UriKind.Relative)))
            Assert.Equal(System.Net.HttpStatusCode.NoContent, abort.StatusCode);
        Assert.Equal(WalletTaskState.Aborted, (await phone.TaskAsync(queued.TaskId)).State);
        Assert.True((await phone.RunSessionAsync(running.SessionId)).IsCompleted);
        Assert.Equal(WalletTaskState.Succeeded, (await phone.TaskAsync(running.TaskId)).State);
    }

    [Fact]
    public async Task A_newer_wallet_request_replaces_an_older_one_that_has_not_started()
    {
        using var database = new TempDatabase();
        await using var gateway = new RunningGateway(database.Path);
        await gateway.StartAsync();
        using var phone = new Phone(gateway.BaseAddress, "86000000000000009003", "13500000003");
        await phone.LoginAsync();
        var running = await phone.SubmitAsync(WalletOperation.Sync, null);
        var older = await phone.SubmitAsync(WalletOperation.Download, DemoApp);
        var newer = await phone.SubmitAsync(WalletOperation.Sync, null);
        Assert.Equal(WalletTaskState.Aborted, (await phone.TaskAsync(older.TaskId)).State);
        Assert.True((await phone.RunSessionAsync(running.SessionId)).IsCompleted);
        Assert.True((await phone.RunSessionAsync(newer.SessionId)).IsCompleted);
        Assert.Equal(WalletTaskState.Succeeded, (await phone.TaskAsync(newer.TaskId)).State);
    }
}
