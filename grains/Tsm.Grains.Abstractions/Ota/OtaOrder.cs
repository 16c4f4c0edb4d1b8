namespace Tsm.Grains.Ota;

/// <summary>One order for the wallet: C-APDUs to send to the SE in sequence (hex).</summary>
[GenerateSerializer, Immutable, Alias("Tsm.OtaOrder")]
public sealed record OtaOrder([property: Id(0)] int Sequence, [property: Id(1)] IReadOnlyList<string> Commands, [property: Id(2)] string Purpose);
