namespace Tsm.Gateway.Idempotency;

/// <summary>The store's verdict on a key, with the stored answer when there is one and, when the key is held, how long until its lease ends.</summary>
public sealed record IdempotencyCheck(IdempotencyVerdict Verdict, StoredAnswer? Answer = null, TimeSpan? RetryAfter = null);
