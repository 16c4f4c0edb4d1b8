using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Observability;

/// <summary>
/// The platform database of the active profile answers a query within <see cref="ObservabilityOptions.DatabaseProbeTimeout"/>.
/// Unhealthy otherwise: nothing durable can be read or written, so the gateway answers 503 (docs/operations.md, "Outages").
/// </summary>
public sealed class DatabaseHealthCheck(IPlatformDatabase database, IOptions<ObservabilityOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.DatabaseProbeTimeout);
        try
        {
            await using var connection = await database.OpenConnectionAsync(timeout.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1;";
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy($"{database.Dialect} database answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The exception's message may name hosts or files: the probe says only what failed.
            return HealthCheckResult.Unhealthy($"{database.Dialect} database unreachable ({ex.GetType().Name}).");
        }
    }
}
