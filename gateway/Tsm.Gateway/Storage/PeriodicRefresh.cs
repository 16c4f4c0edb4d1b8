namespace Tsm.Gateway.Storage;

/// <summary>
/// Runs a refresh every period on a <see cref="TimeProvider"/> timer (a fake clock in tests), never two at once: a
/// tick that comes while the last run is still going is skipped. The refresh logs its own failures; one it lets
/// through is dropped, and the next tick runs as usual.
/// </summary>
public sealed class PeriodicRefresh : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task> _refresh;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private Task _current = Task.CompletedTask;

    public PeriodicRefresh(TimeProvider time, TimeSpan period, Func<CancellationToken, Task> refresh)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        _refresh = refresh ?? throw new ArgumentNullException(nameof(refresh));
        _timer = time.CreateTimer(_ => Tick(), null, period, period);
    }

    /// <summary>The latest run; completed when none is going (tests await it after moving the clock).</summary>
    public Task Current
    {
        get
        {
            lock (_gate)
                return _current;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        Task last;
        lock (_gate)
        {
            _stopping.Cancel();
            last = _current;
        }

        await last;
        _stopping.Dispose();
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested || !_current.IsCompleted)
                return;
            _current = RunAsync();
        }
    }

    private async Task RunAsync()
    {
        // Off the timer's thread and out of the lock.
        await Task.Yield();
        try
        {
            await _refresh(_stopping.Token);
        }
        catch (Exception)
        {
            // The owner logs; a timer has no one to throw to.
        }
    }
}
