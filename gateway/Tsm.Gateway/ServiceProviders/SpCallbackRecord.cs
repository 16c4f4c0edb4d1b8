using Tsm.Gateway.Outbox;

namespace Tsm.Gateway.ServiceProviders;

/// <summary>One row of the callback outbox.</summary>
public sealed record SpCallbackRecord : IOutboxItem
{
    string IOutboxItem.Key => EventId;

    public required string EventId { get; init; }

    public required string Platform { get; init; }

    /// <summary>The JSON body, exactly the bytes that are signed and POSTed.</summary>
    public required string Body { get; init; }

    public required string State { get; init; }

    public int Attempts { get; init; }

    public DateTimeOffset NextAttemptAt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public string? Detail { get; init; }
}
