namespace Tsm.Grains.Ota;

/// <summary>What the SE grain answers to a wallet report: an order, "wait" (queued behind another task), or the end.</summary>
[GenerateSerializer, Immutable, Alias("Tsm.ExchangeResult")]
public sealed record ExchangeResult(
    [property: Id(0)] OtaOrder? Order,
    [property: Id(1)] bool Waiting,
    [property: Id(2)] TaskView Task);
