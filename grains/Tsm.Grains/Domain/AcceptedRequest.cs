namespace Tsm.Grains.Domain;

/// <summary>
/// A request the SE accepted under a client's idempotency key (docs/idempotency.md): the task it started and when, so
/// that the same request sent again — to this silo or another after a failover — returns that task instead of a new one.
/// </summary>
[GenerateSerializer, Immutable, Alias("Tsm.AcceptedRequest")]
public sealed record AcceptedRequest(
    [property: Id(0)] string TaskId,
    [property: Id(1)] DateTimeOffset AcceptedAt);
