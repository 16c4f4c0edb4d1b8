using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Hardening;

/// <summary>
/// Limits per target — the account or SEID a login is for, the MSISDN a one-time code goes to — whichever address the
/// requests come from (docs/security.md, "Rate limits"). The target is in the body, which the rate-limiting middleware
/// does not read, so the endpoint asks once it has read and validated the request:
/// <code>if (targets.Acquire(context, RateLimitPolicies.Login, seId) is { } tooMany) return tooMany;</code>
/// Limits are <c>RateLimits:LoginTarget</c> and <c>RateLimits:CodesTarget</c>; clients exempt from rate limiting are
/// exempt here too.
/// </summary>
public sealed class TargetRateLimiter : IDisposable
{
    // A longer target is not a valid one; its first characters key it, so that no request grows the key store.
    private const int MaxTargetLength = 128;

    private readonly Dictionary<string, PartitionedRateLimiter<string>> _limiters = new(StringComparer.Ordinal);
    private readonly RateLimitClients _clients;
    private readonly ILogger<TargetRateLimiter> _logger;

    public TargetRateLimiter(IOptions<RateLimitOptions> options, RateLimitClients clients, ILogger<TargetRateLimiter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clients = clients;
        _logger = logger;
        foreach (var policy in RateLimitPolicies.All)
        {
            if (options.Value.TargetRuleOf(policy) is { } rule)
                _limiters[policy] = PartitionedRateLimiter.Create<string, string>(target => RateLimitPartition.GetFixedWindowLimiter(target, _ => ClientRateLimitPolicy.Window(rule)));
        }
    }

    /// <summary>Takes one permit of <paramref name="policy"/> for <paramref name="target"/>: null when granted, else the 429 to answer.</summary>
    /// <exception cref="ArgumentException">The policy has no per-target limit (only Login and Codes have one).</exception>
    public TooManyRequests? Acquire(HttpContext context, string policy, string target)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(target);
        if (!_limiters.TryGetValue(policy, out var limiter))
            throw new ArgumentException($"Rate-limiting policy '{policy}' has no per-target limit.", nameof(policy));
        if (_clients.IsExempt(context))
            return null;
        var key = target.Trim().ToUpperInvariant();
        if (key.Length > MaxTargetLength)
            key = key[..MaxTargetLength];
        using var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
            return null;
        RateLimitLog.TargetRejected(_logger, policy, LogValue.Safe(key));
        return new TooManyRequests(lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null);
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
            limiter.Dispose();
    }
}
