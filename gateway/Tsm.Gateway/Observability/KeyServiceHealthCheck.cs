using System.Security.Cryptography;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tsm.Grains.Keys;

namespace Tsm.Gateway.Observability;

/// <summary>
/// The key service protects and recovers a random value (its storage key works). Unhealthy otherwise: no secure
/// channel can be opened and no stored secret read.
/// </summary>
public sealed class KeyServiceHealthCheck(IKeyService keys) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probe = RandomNumberGenerator.GetBytes(16);
        byte[]? back = null;
        try
        {
            back = keys.Unprotect(keys.Protect(probe));
            return Task.FromResult(CryptographicOperations.FixedTimeEquals(probe, back)
                ? HealthCheckResult.Healthy("The key service protects and recovers secrets.")
                : HealthCheckResult.Unhealthy("The key service recovered a different value."));
        }
        catch (Exception ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The key service failed ({ex.GetType().Name})."));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(probe);
            if (back is not null)
                CryptographicOperations.ZeroMemory(back);
        }
    }
}
