using Tsm.Gateway.Outbox;

namespace Tsm.Gateway.Sms.Push;

/// <summary>Wake-up push settings (section "Sms:Push"; docs/sms.md), with the push outbox's retry settings.</summary>
public sealed class PushOptions() : OutboxOptions(retryPause: TimeSpan.FromSeconds(1), maxRetryPause: TimeSpan.FromMinutes(5), maxAttempts: 20, batchSize: 512)
{
    public const string Section = "Sms:Push";

    /// <summary>The most pushes <see cref="OutboxOptions.BatchSize"/> may take at once.</summary>
    public const int MaxBatchSize = 10_000;

    /// <summary>The application port the wallet client listens on (UDH destination port).</summary>
    public ushort DestinationPort { get; set; } = 0x3F11;

    /// <summary>The UDH source port.</summary>
    public ushort SourcePort { get; set; }

    /// <summary>How long a push can be sent and presented by the wallet.</summary>
    public TimeSpan Validity { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a push handed to a link waits for the SMSC's answer before it is in doubt and sent again.</summary>
    public TimeSpan InDoubtAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long before a receipt its push may have been submitted: older pushes with the same message id (the SMSC
    /// restarted its counter, or it wrapped) are never matched (docs/sms.md, "Receipt matching").
    /// </summary>
    public TimeSpan ReceiptWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a receipt that matched no push awaiting it is held for the submit answer it may belong to.</summary>
    public TimeSpan ReceiptHold { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How far the clocks of the gateways may disagree: a receipt received on one gateway matches a push whose submit
    /// another gateway sent up to this long after it (by their clocks); a receipt can never come before its submit.
    /// </summary>
    public TimeSpan ReceiptClockSkew { get; set; } = TimeSpan.FromSeconds(5);

    public override TimeSpan Lease => InDoubtAfter;
}
