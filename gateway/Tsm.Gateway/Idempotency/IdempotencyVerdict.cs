namespace Tsm.Gateway.Idempotency;

/// <summary>What the store says of a request sent with a key.</summary>
public enum IdempotencyVerdict
{
    /// <summary>The key is new (or expired, or its holder's lease ran out): run the request.</summary>
    Run,

    /// <summary>The request was answered: replay the answer.</summary>
    Answered,

    /// <summary>The same key is being served now (within its lease).</summary>
    InProgress,

    /// <summary>The key was used for another request.</summary>
    Mismatch,
}
