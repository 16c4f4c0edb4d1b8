namespace Tsm.Gateway.Idempotency;

/// <summary>
/// Endpoint metadata: the route creates work and takes an Idempotency-Key (docs/idempotency.md). With
/// <see cref="Replay"/>, a retry gets the stored answer; without it, the request runs again and the domain returns
/// the work the key already created (for answers that are only valid for the caller's current session).
/// </summary>
public sealed record IdempotentEndpoint(bool Replay)
{
    public static readonly IdempotentEndpoint Replayed = new(true);

    public static readonly IdempotentEndpoint RunAgain = new(false);
}
