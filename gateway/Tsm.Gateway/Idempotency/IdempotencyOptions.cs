namespace Tsm.Gateway.Idempotency;

/// <summary>How long the answers to requests sent with an Idempotency-Key are kept, and the limits of a key (docs/idempotency.md).</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a key names its request and answer: a retry within it gets the same answer.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a request in progress holds its key: a retry meanwhile is told to wait (409); after it, the request is
    /// taken to have died with its gateway and the retry runs it (the work it creates is itself keyed, so nothing is doubled).
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest key accepted, in characters.</summary>
    public int MaxKeyLength { get; set; } = 128;

    /// <summary>The largest answer kept for replay; a larger one is not kept, and a retry runs the request again.</summary>
    public int MaxStoredResponseBytes { get; set; } = 256 * 1024;

    public IEnumerable<string> Problems()
    {
        if (Retention < TimeSpan.FromMinutes(1) || Retention > TimeSpan.FromDays(30))
            yield return $"{Section}:Retention must be between 1 minute and 30 days.";
        if (Lease < TimeSpan.FromSeconds(1) || Lease >= Retention)
            yield return $"{Section}:Lease must be at least 1 second and shorter than the retention.";
        if (MaxKeyLength is < 16 or > 1024)
            yield return $"{Section}:MaxKeyLength must be 16..1024.";
        if (MaxStoredResponseBytes is < 1024 or > 16 * 1024 * 1024)
            yield return $"{Section}:MaxStoredResponseBytes must be 1 KB..16 MB.";
    }
}
