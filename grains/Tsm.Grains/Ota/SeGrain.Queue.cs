namespace Tsm.Grains.Ota;

// The SE's queue as the host hears it change (docs/architecture.md, "Waiting for tasks"): requests waiting on the SE
// (a report queued behind another task, a provider's synchronous wait) are woken rather than asking every moment.
public sealed partial class SeGrain
{
    private readonly ITaskQueueListener[] _queueListeners = [.. queueListeners];

    /// <summary>Tells the host's queue listeners that a task ended or was replaced; called once the change is recorded.</summary>
    private async Task NotifyQueueChangedAsync()
    {
        if (_queueListeners.Length == 0)
            return;
        var change = new TaskQueueChanged(SeId, Queue.Live?.Spec.Id);
        foreach (var listener in _queueListeners)
            await listener.QueueChangedAsync(change);
    }
}
