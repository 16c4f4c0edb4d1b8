namespace Tsm.Grains.Ota;

[GenerateSerializer, Immutable, Alias("Tsm.LoginCommand")]
public sealed record LoginCommand(
    [property: Id(0)] string Msisdn,
    [property: Id(1)] string Imsi,
    [property: Id(2)] string? Token);
