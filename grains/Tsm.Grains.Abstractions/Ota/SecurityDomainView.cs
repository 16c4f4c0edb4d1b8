namespace Tsm.Grains.Ota;

/// <summary>A supplementary SD on one SE as the platform tracks it: its owner (the subscription), state and key version.</summary>
[GenerateSerializer, Immutable, Alias("Tsm.SecurityDomainView")]
public sealed record SecurityDomainView(
    [property: Id(0)] string Aid,
    [property: Id(1)] string Owner,
    [property: Id(2)] bool Personalized,
    [property: Id(3)] byte? KeyVersion,
    [property: Id(4)] long? FixedSpace);
