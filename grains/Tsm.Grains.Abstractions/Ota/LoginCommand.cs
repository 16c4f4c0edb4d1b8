namespace Tsm.Grains.Ota;

/// <summary>
/// A wallet's login (requirement 5.5.2). <paramref name="Code"/> is a registration code sent to the number;
/// <paramref name="NetworkAsserted"/> says the operator's network gateway vouched for the number (docs/security.md, "Wallets").
/// </summary>
[GenerateSerializer, Immutable, Alias("Tsm.LoginCommand")]
public sealed record LoginCommand(
    [property: Id(0)] string Msisdn,
    [property: Id(1)] string Imsi,
    [property: Id(2)] string? Token,
    [property: Id(3)] string? Code = null,
    [property: Id(4)] bool NetworkAsserted = false);
