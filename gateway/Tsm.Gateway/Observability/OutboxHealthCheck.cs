using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Observability;

/// <summary>
/// The outboxes (wake-up pushes, SP callbacks) keep up: Degraded when the oldest due row has waited longer than
/// <see cref="ObservabilityOptions.OutboxAgeDegraded"/> (a link down, a platform not answering). An unreadable table is
/// the database check's to report, so it is Degraded here, not Unhealthy twice.
/// </summary>
public sealed class OutboxHealthCheck(OutboxBacklogs backlogs, IOptions<ObservabilityOptions> options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limit = options.Value.OutboxAgeDegraded;
        var data = new Dictionary<string, object>();
        var late = new List<string>();
        try
        {
            foreach (var (name, backlog) in await backlogs.ReadAsync(time.GetUtcNow(), cancellationToken))
            {
                data[name] = $"{backlog.Waiting} waiting, oldest due for {backlog.OldestDueFor.TotalSeconds:0} s";
                if (backlog.OldestDueFor > limit)
                    late.Add(name);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Degraded($"The outboxes could not be read ({ex.GetType().Name}).");
        }
        return late.Count == 0
            ? HealthCheckResult.Healthy("The outboxes keep up.", data)
            : HealthCheckResult.Degraded($"Outbox(es) {string.Join(", ", late)} have rows due for longer than {limit}.", data: data);
    }
}
