namespace Tsm.Grains.Ota;

[GenerateSerializer, Immutable, Alias("Tsm.TaskAdvance")]
public sealed record TaskAdvance(
    [property: Id(0)] OtaOrder? Order,
    [property: Id(1)] TaskOutcome? Outcome,
    [property: Id(2)] CardFacts? Facts);
