namespace Tsm.Grains.Ota;

/// <summary>
/// Hears an SE's task queue change, after the SE grain has recorded it: a task ended or was replaced, so the next one
/// may start (the gateway wakes the requests waiting on the SE; docs/architecture.md, "Waiting for tasks"). Optional:
/// without a registration nothing is told. Listeners are called on the SE grain's silo only.
/// </summary>
public interface ITaskQueueListener
{
    Task QueueChangedAsync(TaskQueueChanged change);
}
