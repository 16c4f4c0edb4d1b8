using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tsm.Gateway.Ota;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Tests.Waits;

/// <summary>
/// The in-process hub that wakes requests waiting on an SE's task queue (docs/architecture.md, "Waiting for tasks"):
/// woken by the SE grain's signal, by the fallback poll when no signal comes (a grain on another silo), and never
/// leaving a waiter behind. Its clock is a fake one here, so no test waits real time for a timer.
/// </summary>
public sealed class TaskQueueSignalsTests
{
    private const string SeId = "86000000000000000001";
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();

    private TaskQueueSignals Signals(TimeSpan fallbackPoll) =>
        new(new StaticOptions(new TaskWaitOptions { FallbackPoll = fallbackPoll }), _time);

    /// <summary>Answers false until <see cref="Done"/> is set, and counts the questions.</summary>
    private sealed class Asker
    {
        private int _asked;
        private bool _done;

        public bool Done
        {
            get => Volatile.Read(ref _done);
            set => Volatile.Write(ref _done, value);
        }

        public int Asked => Volatile.Read(ref _asked);

        public Task<bool> AskAsync()
        {
            Interlocked.Increment(ref _asked);
            return Task.FromResult(Done);
        }
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(Guard);
        while (!condition())
            await Task.Delay(5, guard.Token);
    }

    [Fact]
    public async Task A_waiter_is_woken_by_the_queue_changing_without_any_time_passing()
    {
        var signals = Signals(TimeSpan.FromHours(1));
        var asker = new Asker();
        var waiting = signals.UntilAsync(SeId, asker.AskAsync, done => done, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, signals.WatchedSes);

        asker.Done = true;
        await signals.QueueChangedAsync(new TaskQueueChanged(SeId.ToLowerInvariant(), null)); // SEIDs match in any case
        Assert.True(await waiting.WaitAsync(Guard));
        Assert.Equal(2, asker.Asked);
        Assert.Equal(0, signals.WatchedSes);
    }

    [Fact]
    public async Task Another_ses_change_does_not_wake_the_waiter_and_the_fallback_poll_asks_again()
    {
        var signals = Signals(TimeSpan.FromSeconds(2));
        var asker = new Asker();
        var waiting = signals.UntilAsync(SeId, asker.AskAsync, done => done, TimeSpan.FromMinutes(1), CancellationToken.None);
        await signals.QueueChangedAsync(new TaskQueueChanged("86000000000000000002", null));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, asker.Asked);

        // The change happened on another silo: no signal; the fallback poll finds it.
        asker.Done = true;
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await waiting.WaitAsync(Guard));
        Assert.Equal(2, asker.Asked);
        Assert.Equal(0, signals.WatchedSes);
    }

    [Fact]
    public async Task A_wait_that_runs_out_answers_what_it_last_saw_and_leaves_nothing_behind()
    {
        var signals = Signals(TimeSpan.FromHours(1));
        var asker = new Asker();
        var waiting = signals.UntilAsync(SeId, asker.AskAsync, done => done, TimeSpan.FromSeconds(25), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(24));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await waiting.WaitAsync(Guard));
        Assert.Equal(2, asker.Asked); // once more at the deadline, so the answer is not stale
        Assert.Equal(0, signals.WatchedSes);
    }

    [Fact]
    public async Task A_cancelled_wait_throws_and_leaves_nothing_behind_while_other_waiters_stay()
    {
        var signals = Signals(TimeSpan.FromHours(1));
        using var cancel = new CancellationTokenSource();
        var cancelled = signals.UntilAsync(SeId, new Asker().AskAsync, done => done, TimeSpan.FromMinutes(1), cancel.Token);
        var other = new Asker();
        var staying = signals.UntilAsync(SeId, other.AskAsync, done => done, TimeSpan.FromMinutes(1), CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Guard));
        Assert.Equal(1, signals.WatchedSes);

        other.Done = true;
        await signals.QueueChangedAsync(new TaskQueueChanged(SeId, null));
        Assert.True(await staying.WaitAsync(Guard));
        await UntilAsync(() => signals.WatchedSes == 0);
    }

    private sealed class StaticOptions(TaskWaitOptions value) : IOptionsMonitor<TaskWaitOptions>
    {
        public TaskWaitOptions CurrentValue => value;

        public TaskWaitOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<TaskWaitOptions, string?> listener) => null;
    }
}
