namespace Tsm.Grains.Ota;

/// <summary>
/// Hears every task of every SE end, after the SE grain has recorded it (the gateway turns the ends of provider tasks
/// into callbacks; requests waiting for a task are woken through <see cref="ITaskQueueListener"/>). Optional: without a
/// registration nothing is told.
/// </summary>
public interface ITaskEndListener
{
    Task TaskEndedAsync(TaskEnded ended);
}
