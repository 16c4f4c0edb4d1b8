namespace Tsm.Grains.Ota;

/// <summary>A login's result; <paramref name="AccessGeneration"/> goes into the wallet's refresh token (docs/security.md, "Wallets").</summary>
[GenerateSerializer, Immutable, Alias("Tsm.LoginOutcome")]
public sealed record LoginOutcome(
    [property: Id(0)] bool Registered,
    [property: Id(1)] bool QueryOnly,
    [property: Id(2)] string? SessionId,
    [property: Id(3)] ApplicationLists Applications,
    [property: Id(4)] int AccessGeneration = 0);
