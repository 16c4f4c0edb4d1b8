namespace Tsm.Grains.Ota;

/// <summary>An SE's task queue after a change: the task now at its head (running or about to), or null when it is empty.</summary>
[GenerateSerializer, Immutable, Alias("Tsm.TaskQueueChanged")]
public sealed record TaskQueueChanged(
    [property: Id(0)] string SeId,
    [property: Id(1)] TaskId? Head);
