namespace Tsm.Grains.Ota;

/// <summary>The end of a task: its state, a reason and the card's SW when the card refused.</summary>
[GenerateSerializer, Immutable, Alias("Tsm.TaskOutcome")]
public sealed record TaskOutcome(
    [property: Id(0)] TaskState State,
    [property: Id(1)] string? Reason = null,
    [property: Id(2)] string? StatusWord = null,
    [property: Id(3)] IReadOnlyList<string>? Responses = null);
