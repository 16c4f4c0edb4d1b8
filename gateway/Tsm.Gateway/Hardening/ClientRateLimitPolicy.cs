using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Tsm.Gateway.Hardening;

/// <summary>A fixed window of <see cref="RateLimitRule"/> per client (<see cref="RateLimitClients.KeyOf"/>); exempt clients pass unlimited.</summary>
internal sealed class ClientRateLimitPolicy(RateLimitRule rule, RateLimitClients clients) : IRateLimiterPolicy<string>
{
    private const string Exempt = "exempt";

    // Rejections are answered by RateLimiterOptions.OnRejected (TooManyRequests), the same for every policy.
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => null;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        clients.IsExempt(httpContext)
            ? RateLimitPartition.GetNoLimiter(Exempt)
            : RateLimitPartition.GetFixedWindowLimiter(clients.KeyOf(httpContext), _ => Window(rule));

    internal static FixedWindowRateLimiterOptions Window(RateLimitRule rule) => new()
    {
        PermitLimit = rule.PermitLimit,
        Window = rule.Window,
        // Over the limit is refused at once with Retry-After; nothing waits in a queue holding a connection.
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
