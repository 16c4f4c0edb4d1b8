namespace Tsm.Grains.Ota;

/// <summary>
/// A third party's SD that a download created with its initial keys (requirement 5.8.3.1): its provider is to put its
/// own keys with a key update, which also extradites the instances waiting for the SD (docs/management/security-domains.md).
/// </summary>
[GenerateSerializer, Immutable, Alias("Tsm.SecurityDomainHandover")]
public sealed record SecurityDomainHandover(
    [property: Id(0)] string SecurityDomainAid,
    [property: Id(1)] string Owner,
    [property: Id(2)] byte InitialKeyVersion);
