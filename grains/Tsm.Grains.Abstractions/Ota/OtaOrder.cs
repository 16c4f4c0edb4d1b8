namespace Tsm.Grains.Ota;

/// <summary>
/// One order for the wallet: C-APDUs to send to the SE in sequence (hex). <paramref name="Sensitive"/> lists the
/// indexes of commands that carry secrets (keys, the login token, personalization values): transcripts show them
/// with their data field zeroed.
/// </summary>
[GenerateSerializer, Immutable, Alias("Tsm.OtaOrder")]
public sealed record OtaOrder(
    [property: Id(0)] int Sequence,
    [property: Id(1)] IReadOnlyList<string> Commands,
    [property: Id(2)] string Purpose,
    [property: Id(3)] IReadOnlyList<int>? Sensitive = null);
