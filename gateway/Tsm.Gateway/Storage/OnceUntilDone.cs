namespace Tsm.Gateway.Storage;

/// <summary>
/// Runs an asynchronous action once for all callers; when it fails or is cancelled, the next caller runs it again.
/// The schemas use it so that the scripts are applied once per instance.
/// </summary>
internal sealed class OnceUntilDone(Func<Task> action)
{
    private readonly Lock _lock = new();
    private Task? _run;

    public Task RunAsync(CancellationToken cancellationToken = default)
    {
        Task run;
        lock (_lock)
        {
            if (_run is null || _run.IsFaulted || _run.IsCanceled)
            {
                _run = action();
            }

            run = _run;
        }

        return run.WaitAsync(cancellationToken);
    }
}
