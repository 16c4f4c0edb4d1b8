namespace Tsm.Grains.Ota;

/// <summary>
/// A task waiting or running on an SE, as the SE grain keeps it: the durable record of an accepted request. The task
/// grain itself is written only when the task ends; until then it is re-created from this entry (after a restart).
/// </summary>
[GenerateSerializer, Immutable, Alias("Tsm.QueuedTask")]
public sealed record QueuedTask(
    [property: Id(0)] TaskSpec Spec,
    [property: Id(1)] bool LoadFilePresent,
    [property: Id(2)] IReadOnlyList<string> InstancesPresent)
{
    public string TaskId => Spec.TaskId;

    /// <summary>The view of a task that has not started.</summary>
    public TaskView QueuedView() => Spec.QueuedView();
}
