namespace Tsm.Grains.Ota;

/// <summary>
/// A task grain's answer to a report: the next order or the outcome, and the task's view as it stands after the report
/// (so the SE grain answers the wallet without a second call to the task grain; docs/performance.md).
/// </summary>
[GenerateSerializer, Immutable, Alias("Tsm.TaskAdvance")]
public sealed record TaskAdvance(
    [property: Id(0)] OtaOrder? Order,
    [property: Id(1)] TaskOutcome? Outcome,
    [property: Id(2)] CardFacts? Facts,
    [property: Id(3)] TaskView? View = null);
