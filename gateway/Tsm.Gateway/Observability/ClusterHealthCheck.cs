using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tsm.Gateway.Observability;

/// <summary>
/// This silo is an active member of the cluster (the embedded profile is a cluster of one). Unhealthy while it joins,
/// after it was declared dead or while it shuts down: grain calls through it would fail.
/// </summary>
public sealed class ClusterHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var active = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
        var data = new Dictionary<string, object> { ["activeSilos"] = active };
        var status = snapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"This silo is active; {active} active silo(s) in the cluster.", data)
            : HealthCheckResult.Unhealthy($"This silo is {status}, not active.", data: data));
    }
}
