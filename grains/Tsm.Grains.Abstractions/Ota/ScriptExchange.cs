namespace Tsm.Grains.Ota;

/// <summary>One order and its answer, as TS 102 226 expanded scripts (hex).</summary>
[GenerateSerializer, Immutable, Alias("Tsm.ScriptExchange")]
public sealed record ScriptExchange([property: Id(0)] int Order, [property: Id(1)] string CommandScript, [property: Id(2)] string? ResponseScript);
