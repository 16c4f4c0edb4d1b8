using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tsm.Gateway.Sms;
using Tsm.Gateway.Sms.Links;

namespace Tsm.Gateway.Observability;

/// <summary>
/// Each SMS account has a bound link. Degraded, not Unhealthy, when one has none: the platform still serves every
/// request, and wake-up pushes wait in the outbox until a link binds again (docs/operations.md, "Health").
/// </summary>
public sealed class SmsLinksHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var accounts = services.GetService<SmsSenders>()?.All.OfType<ISmsAccountClient>().Select(a => a.Status()).ToList() ?? [];
        if (accounts.Count == 0)
            return Task.FromResult(HealthCheckResult.Healthy("No SMS account is configured."));
        var data = accounts.ToDictionary(a => a.Account, a => (object)$"{a.Bound}/{a.Links} bound");
        var down = accounts.Where(a => a.Bound == 0).Select(a => a.Account).ToList();
        return Task.FromResult(down.Count == 0
            ? HealthCheckResult.Healthy($"{accounts.Count} SMS account(s), each with a bound link.", data)
            : HealthCheckResult.Degraded($"No bound link for SMS account(s) {string.Join(", ", down)}: pushes wait in the outbox.", data: data));
    }
}
