namespace Tsm.Grains.Ota;

/// <summary>
/// One order and its answer, as TS 102 226 expanded scripts (hex). <paramref name="Note"/> says what could not be
/// shown as it was sent (a LOAD block whose load file left the catalogue).
/// </summary>
[GenerateSerializer, Immutable, Alias("Tsm.ScriptExchange")]
public sealed record ScriptExchange(
    [property: Id(0)] int Order,
    [property: Id(1)] string CommandScript,
    [property: Id(2)] string? ResponseScript,
    [property: Id(3)] string? Note = null);
