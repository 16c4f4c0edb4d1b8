using Microsoft.Extensions.Options;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Ota;

/// <summary>
/// Wakes the requests waiting on an SE's task queue (a SERAM report queued behind another task, a provider's
/// synchronous wait) when the SE grain says the queue changed, instead of their asking the grain every moment
/// (docs/architecture.md, "Waiting for tasks"). Waiters of one SE share one <see cref="TaskCompletionSource"/>; the
/// entry goes when it is signalled or when its last waiter leaves (answered, timed out or cancelled), so nothing is
/// left behind. Signals are in-process: a grain on another silo is not heard, so every wait also asks again each
/// <see cref="TaskWaitOptions.FallbackPoll"/>. Deadlines and polls run on the host's clock, not the domain's.
/// </summary>
public sealed class TaskQueueSignals(IOptionsMonitor<TaskWaitOptions> options, TimeProvider time) : ITaskQueueListener
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Waiters> _waiting = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>SEs with requests waiting on them now.</summary>
    public int WatchedSes
    {
        get
        {
            lock (_gate)
                return _waiting.Count;
        }
    }

    public Task QueueChangedAsync(TaskQueueChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Waiters? waiters;
        lock (_gate)
            _waiting.Remove(change.SeId, out waiters);
        waiters?.Changed.TrySetResult();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Asks <paramref name="ask"/> until its answer is <paramref name="done"/> or <paramref name="wait"/> has passed,
    /// asking again whenever the SE's queue changes (or at the fallback poll); returns the last answer. The first
    /// answer is asked for once the wait is registered, so a change between a caller's last look and this call is
    /// not missed.
    /// </summary>
    public async Task<T> UntilAsync<T>(string seId, Func<Task<T>> ask, Func<T, bool> done, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ask);
        ArgumentNullException.ThrowIfNull(done);
        var started = time.GetTimestamp();
        while (true)
        {
            var waiters = Enter(seId);
            try
            {
                var answer = await ask();
                var left = wait - time.GetElapsedTime(started);
                if (done(answer) || left <= TimeSpan.Zero)
                    return answer;
                var poll = options.CurrentValue.FallbackPoll;
                await ChangedOrAsync(waiters.Changed.Task, left < poll ? left : poll, cancellationToken);
            }
            finally
            {
                Leave(seId, waiters);
            }
        }
    }

    private Waiters Enter(string seId)
    {
        lock (_gate)
        {
            if (!_waiting.TryGetValue(seId, out var waiters))
                _waiting[seId] = waiters = new Waiters();
            waiters.Count++;
            return waiters;
        }
    }

    private void Leave(string seId, Waiters waiters)
    {
        lock (_gate)
        {
            if (--waiters.Count == 0 && _waiting.TryGetValue(seId, out var current) && current == waiters)
                _waiting.Remove(seId);
        }
    }

    /// <summary>Completes when the queue changed or <paramref name="timeout"/> passed; throws when cancelled.</summary>
    private async Task ChangedOrAsync(Task changed, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, time, stop.Token);
        await Task.WhenAny(changed, delay);
        await stop.CancelAsync(); // the delay's timer goes now, not at its due time
        cancellationToken.ThrowIfCancellationRequested();
    }

    private sealed class Waiters
    {
        public TaskCompletionSource Changed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count { get; set; }
    }
}
