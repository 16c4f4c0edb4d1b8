using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Ota;
using Tsm.Gateway.ServiceProviders;
using Tsm.Gateway.Tests.Ota;
using Tsm.Gateway.Tests.Sp;
using Tsm.Protocol.Wallet;

namespace Tsm.Gateway.Tests.Waits;

/// <summary>
/// Requests waiting on an SE's queue are woken when the SE grain says a task ended (docs/architecture.md, "Waiting
/// for tasks"). The gateway here never polls on its own (fallback poll: 10 minutes) and its waits are long, so a
/// request that ends soon after the task it waits for was woken by the signal.
/// </summary>
public sealed class TaskWaitTests(TaskWaitGatewayFixture gateway) : IClassFixture<TaskWaitGatewayFixture>
{
    private const string DemoApp = "A000000333010101";

    /// <summary>Well under both waits (25 s, 30 s): a request answered within it was not answered at its deadline.</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    private TaskQueueSignals Signals => gateway.Services.GetRequiredService<TaskQueueSignals>();

    private async Task<Phone> RegisteredPhoneAsync(string msisdn)
    {
        var phone = new Phone(gateway.BaseAddress, SpSetup.NewSeId(), msisdn);
        await phone.LoginAsync();
        return phone;
    }

    private async Task UntilWatchedAsync()
    {
        var clock = Stopwatch.StartNew();
        while (Signals.WatchedSes == 0)
        {
            Assert.True(clock.Elapsed < Prompt, "the request did not start waiting");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task A_seram_report_queued_behind_another_task_is_answered_as_soon_as_that_task_ends()
    {
        using var phone = await RegisteredPhoneAsync("13966660001");
        var first = await phone.SubmitAsync(WalletOperation.Download, DemoApp);
        phone.BusinessHall = gateway.BusinessHall;
        var second = await phone.SubmitAsync(WalletOperation.Sync, null, WalletChannel.BusinessHall);

        // The second session's first report is held by the long poll while the first task runs.
        var waiting = phone.RunSessionAsync(second.SessionId);
        await UntilWatchedAsync();
        Assert.False(waiting.IsCompleted);
        Assert.True((await phone.RunSessionAsync(first.SessionId)).IsCompleted);

        var session = await waiting.WaitAsync(Prompt);
        Assert.True(session.IsCompleted, session.Detail);
        Assert.Equal(WalletTaskState.Succeeded, (await phone.TaskAsync(second.TaskId)).State);
        Assert.Equal(0, Signals.WatchedSes);
    }

    [Fact]
    public async Task A_providers_synchronous_wait_ends_with_the_outcome_as_soon_as_the_task_ends()
    {
        using var phone = await RegisteredPhoneAsync("13966660002");
        var clock = Stopwatch.StartNew();
        var request = gateway.Client.SendAsync(SpSetup.Request(HttpMethod.Post, SpPaths.Operations(phone.SeId), SpSetup.LimitedKey,
            new { operation = "download", applicationAid = DemoApp }));
        await UntilWatchedAsync();

        // The user's wallet runs the task while the provider's request waits.
        while (!request.IsCompleted && clock.Elapsed < Prompt)
        {
            if ((await phone.LoginAsync()).SessionId is null)
                await Task.WhenAny(request, Task.Delay(50));
        }
        using var response = await request.WaitAsync(Prompt);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} after {clock.Elapsed}: {text}");
        Assert.Equal("succeeded", JsonSerializer.Deserialize(text, SpJsonContext.Default.SpTaskStatus)!.State);
        Assert.True(clock.Elapsed < Prompt, $"answered after {clock.Elapsed}");
    }
}

/// <summary>A gateway whose waits are long and whose fallback poll never comes within a test: only signals wake a wait.</summary>
public sealed class TaskWaitGatewayFixture : ConfiguredGatewayFixture
{
    protected override string[] Arguments() =>
    [
        // The "limited" platform (downloads for provider "demo") has no callback URL: nothing listens on this one.
        .. SpSetup.Arguments(new Uri("http://127.0.0.1:9"), TimeSpan.FromSeconds(30)),
        "--Seram:LongPoll", "00:00:25",
        "--TaskWaits:FallbackPoll", "00:10:00",
    ];
}
