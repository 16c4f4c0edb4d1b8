using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tsm.Gateway.Outbox;
using Tsm.Gateway.ServiceProviders;
using Tsm.Gateway.Sms.Push;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Storage;

namespace Tsm.Gateway.Tests.Outbox;

public sealed class SqliteOutboxWorkerTests : OutboxWorkerCases
{
    protected override SqlDialect Dialect => SqlDialect.Sqlite;
}

public sealed class PostgresOutboxWorkerTests : OutboxWorkerCases
{
    protected override SqlDialect Dialect => SqlDialect.PostgreSql;
}

/// <summary>
/// The one outbox worker over real outbox tables (the callback and push stores) on both profiles, on a fake clock:
/// the back-off schedule, leases that run out, giving up, and the idle loop's wake-ups.
/// </summary>
public abstract class OutboxWorkerCases : PlatformDatabaseCases
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(T0);

    /// <summary>Lease 30 s (twice the timeout), pauses 1 s doubling up to 5 s, 10 attempts.</summary>
    private static SpCallbackOptions Options(int maxAttempts = 10) => new()
    {
        Timeout = TimeSpan.FromSeconds(15),
        RetryPause = TimeSpan.FromSeconds(1),
        MaxRetryPause = TimeSpan.FromSeconds(5),
        MaxAttempts = maxAttempts,
        BatchSize = 10,
    };

    private OutboxWorker<SpCallbackRecord> Worker(SpCallbackStore store) => new(store, "test", _time, NullLogger.Instance);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 5)]
    [InlineData(40, 5)]
    public void The_pause_doubles_per_attempt_up_to_the_most(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Options().PauseAfter(attempts));

    [SkippableFact]
    public async Task A_failed_send_is_due_again_after_a_pause_that_doubles_up_to_the_most()
    {
        var store = new SpCallbackStore(Database);
        var worker = Worker(store);
        await store.AddAsync("E1", "bank", "{}", T0);
        var sends = new List<int>();
        Task<OutboxAttempt> Fail(SpCallbackRecord row, CancellationToken _)
        {
            sends.Add(row.Attempts);
            return Task.FromResult(OutboxAttempt.Retry("answered 503"));
        }

        foreach (var pause in new[] { 1, 2, 4, 5, 5 })
        {
            Assert.Equal(1, await worker.SendDueAsync(Options(), Fail, default));
            var row = await store.GetAsync("E1");
            Assert.Equal((SpCallbackStates.Pending, _time.GetUtcNow().AddSeconds(pause), "answered 503"), (row!.State, row.NextAttemptAt, row.Detail));
            _time.Advance(TimeSpan.FromSeconds(pause) - TimeSpan.FromTicks(1));
            Assert.Equal(0, await worker.SendDueAsync(Options(), Fail, default));
            _time.Advance(TimeSpan.FromTicks(1));
        }
        Assert.Equal([1, 2, 3, 4, 5], sends);
    }

    [SkippableFact]
    public async Task A_row_whose_outcome_never_came_is_in_doubt_and_taken_again_once_its_lease_runs_out()
    {
        var store = new SpCallbackStore(Database);
        await store.AddAsync("E2", "bank", "{}", T0);

        // Worker A claims the row and hangs mid-send (as a silo that dies would, never recording an outcome).
        var entered = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<OutboxAttempt>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stuck = Worker(store).SendDueAsync(Options(), (row, _) =>
        {
            entered.TrySetResult(row.Attempts);
            return release.Task;
        }, default);
        Assert.Equal(1, await entered.Task.WaitAsync(TimeSpan.FromSeconds(30)));

        // Worker B (another silo) leaves it alone while the 30 s lease holds, and takes it as attempt 2 after.
        var other = Worker(store);
        var sent = new List<int>();
        Task<OutboxAttempt> Deliver(SpCallbackRecord row, CancellationToken _)
        {
            sent.Add(row.Attempts);
            return Task.FromResult(OutboxAttempt.Done("acknowledged 204"));
        }
        _time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        Assert.Equal(0, await other.SendDueAsync(Options(), Deliver, default));
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, await other.SendDueAsync(Options(), Deliver, default));
        Assert.Equal([2], sent);
        Assert.Equal((SpCallbackStates.Delivered, 2, "acknowledged 204"), await StateOf(store, "E2"));

        // Worker A's late outcome finds the row no longer leased: what B recorded stands.
        release.SetResult(OutboxAttempt.Retry("no answer in time"));
        Assert.Equal(1, await stuck);
        Assert.Equal((SpCallbackStates.Delivered, 2, "acknowledged 204"), await StateOf(store, "E2"));
    }

    [SkippableFact]
    public async Task A_row_is_given_up_after_the_most_attempts()
    {
        var store = new SpCallbackStore(Database);
        var worker = Worker(store);
        await store.AddAsync("E3", "bank", "{}", T0);
        var sends = 0;
        Task<OutboxAttempt> Fail(SpCallbackRecord row, CancellationToken _)
        {
            sends++;
            return Task.FromResult(OutboxAttempt.Retry("answered 500"));
        }

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Equal(1, await worker.SendDueAsync(Options(maxAttempts: 3), Fail, default));
            _time.Advance(TimeSpan.FromMinutes(1));
        }
        Assert.Equal((SpCallbackStates.Failed, 3, "gave up after 3 attempts: answered 500"), await StateOf(store, "E3"));
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await worker.SendDueAsync(Options(maxAttempts: 3), Fail, default));
        Assert.Equal(3, sends);
    }

    [SkippableFact]
    public async Task A_refusal_gives_up_at_once_and_an_accepted_send_keeps_the_peers_reference()
    {
        var store = new PushStore(Database);
        var worker = new OutboxWorker<PushRecord>(store, "test", _time, NullLogger.Instance);
        await store.TryInsertAsync(Push("0001"));
        await store.TryInsertAsync(Push("0002"));
        var options = new PushOptions();

        Assert.Equal(2, await worker.SendDueAsync(options, (push, _) => Task.FromResult(push.Serial == "0001"
            ? OutboxAttempt.Done(null, reference: "msg-1")
            : OutboxAttempt.Refused("refused by the SMSC: ESME_RINVDSTADR")), default));

        var accepted = await store.GetAsync("0001");
        Assert.Equal((PushStates.Submitted, "msg-1", 1), (accepted!.State, accepted.MessageId, accepted.Attempts));
        var refused = await store.GetAsync("0002");
        Assert.Equal((PushStates.Failed, "refused by the SMSC: ESME_RINVDSTADR", 1), (refused!.State, refused.Detail, refused.Attempts));
    }

    [SkippableFact]
    public async Task The_idle_loop_runs_again_when_woken_on_its_tick_and_after_a_failed_round()
    {
        var worker = Worker(new SpCallbackStore(Database));
        var wake = Channel.CreateBounded<bool>(1);
        // Each round hands the test its result to set; set here, the loop goes on inline until it waits again, so
        // the clock is moved only once the loop's timer exists.
        var rounds = Channel.CreateUnbounded<TaskCompletionSource<int>>();
        Task<int> Round(CancellationToken _)
        {
            var result = new TaskCompletionSource<int>();
            rounds.Writer.TryWrite(result);
            return result.Task;
        }
        async Task<TaskCompletionSource<int>> NextRound() => await rounds.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        // The loop makes its timer only once it waits again, which may come after the test's next step: the fake clock
        // is moved by one step at a time until the round that timer starts has come (no real time is waited out).
        async Task<TaskCompletionSource<int>> RoundAfter(TimeSpan step)
        {
            for (var attempt = 0; attempt < 3000; attempt++)
            {
                _time.Advance(step);
                if (rounds.Reader.TryRead(out var round))
                    return round;
                await Task.Delay(10);
            }
            throw new TimeoutException("The loop did not run a round when its clock moved on.");
        }

        using var stop = new CancellationTokenSource();
        var loop = Task.Run(() => worker.RunAsync(Round, wake.Reader, stop.Token));
        (await NextRound()).SetResult(0);

        wake.Writer.TryWrite(true); // a row was stored
        (await NextRound()).SetResult(0);

        // rows may have become due
        (await RoundAfter(OutboxWorker<SpCallbackRecord>.Tick)).SetException(new InvalidOperationException("database unreachable"));

        // A failed round pauses the loop, which then goes on.
        Assert.False(rounds.Reader.TryRead(out _));
        (await RoundAfter(OutboxWorker<SpCallbackRecord>.FailedRoundPause)).SetResult(0);

        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task<(string, int, string?)> StateOf(SpCallbackStore store, string eventId)
    {
        var row = await store.GetAsync(eventId);
        return (row!.State, row.Attempts, row.Detail);
    }

    private static PushRecord Push(string serial) => new()
    {
        Serial = serial,
        SeId = "SE-" + serial,
        Msisdn = "13800000001",
        Operation = "download",
        RequestedBy = "ops",
        State = PushStates.Pending,
        NextAttemptAt = T0,
        CreatedAt = T0,
        ExpiresAt = T0.AddHours(1),
        UpdatedAt = T0,
    };
}
