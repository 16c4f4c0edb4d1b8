namespace Tsm.Grains.Ota;

/// <summary>
/// A task's end as its listeners hear it, after the SE grain has recorded it; <see cref="Handover"/> names a third
/// party's SD the task created with its initial keys, whose provider is to be told.
/// </summary>
[GenerateSerializer, Immutable, Alias("Tsm.TaskEnded")]
public sealed record TaskEnded(
    [property: Id(0)] TaskView Task,
    [property: Id(1)] TaskChannel Channel,
    [property: Id(2)] ProviderOrigin? Provider,
    [property: Id(3)] SecurityDomainHandover? Handover = null);
