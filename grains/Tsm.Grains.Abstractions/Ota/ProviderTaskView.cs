namespace Tsm.Grains.Ota;

/// <summary>A task and the service provider it was queued for.</summary>
[GenerateSerializer, Immutable, Alias("Tsm.ProviderTaskView")]
public sealed record ProviderTaskView([property: Id(0)] TaskView Task, [property: Id(1)] string? ServiceProvider);
