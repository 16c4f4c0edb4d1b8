namespace Tsm.Grains.Ota;

[GenerateSerializer, Immutable, Alias("Tsm.LoginOutcome")]
public sealed record LoginOutcome(
    [property: Id(0)] bool Registered,
    [property: Id(1)] bool QueryOnly,
    [property: Id(2)] string? SessionId,
    [property: Id(3)] ApplicationLists Applications);
