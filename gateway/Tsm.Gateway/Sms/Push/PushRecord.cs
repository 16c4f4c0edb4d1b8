using System.Text.Json.Serialization;
using Tsm.Gateway.Outbox;

namespace Tsm.Gateway.Sms.Push;

/// <summary>One wake-up push: what it is for, and how far its SMS got.</summary>
public sealed record PushRecord : IOutboxItem
{
    string IOutboxItem.Key => Serial;

    public required string Serial { get; init; }

    public required string SeId { get; init; }

    public required string Msisdn { get; init; }

    /// <summary>The operation the wallet is to run ("download", "delete", "lock", "sync" …).</summary>
    public required string Operation { get; init; }

    public string? ApplicationAid { get; init; }

    /// <summary>The task the push is for, when it was queued before the push (else the wallet's request starts one).</summary>
    public string? TaskId { get; init; }

    public required string RequestedBy { get; init; }

    public required string State { get; init; }

    public int Attempts { get; init; }

    public DateTimeOffset NextAttemptAt { get; init; }

    public string? MessageId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the wallet presented the serial.</summary>
    public DateTimeOffset? UsedAt { get; init; }

    public string? Detail { get; init; }

    /// <summary>The SMS account whose SMSC took the submit and gave <see cref="MessageId"/>.</summary>
    public string? Account { get; init; }

    /// <summary>When the submit the SMSC took went out; its receipt can come no earlier.</summary>
    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>When the receipt that set the push's final state was received.</summary>
    public DateTimeOffset? ReceiptAt { get; init; }

    /// <summary>
    /// The W3C traceparent of the span the push was stored in (null when none was recorded): its delivery continues
    /// that trace (docs/operations.md, "Traces"). Not part of the API.
    /// </summary>
    [JsonIgnore]
    public string? TraceParent { get; init; }
}
