namespace Tsm.Grains.Ota;

/// <summary>The service provider a business platform asked for a task as, and that platform (whose callback hears the end).</summary>
[GenerateSerializer, Immutable, Alias("Tsm.ProviderOrigin")]
public sealed record ProviderOrigin([property: Id(0)] string ServiceProvider, [property: Id(1)] string Platform);
