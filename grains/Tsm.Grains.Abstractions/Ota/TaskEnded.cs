namespace Tsm.Grains.Ota;

/// <summary>A task's end as its listeners hear it, after the SE grain has recorded it.</summary>
[GenerateSerializer, Immutable, Alias("Tsm.TaskEnded")]
public sealed record TaskEnded(
    [property: Id(0)] TaskView Task,
    [property: Id(1)] TaskChannel Channel,
    [property: Id(2)] ProviderOrigin? Provider);
