namespace Tsm.Gateway.Hardening;

/// <summary>
/// The environments that get the development defaults (docs/security.md): Development and Testing alike may serve
/// plain HTTP to any host name, use the storage key shipped in appsettings.json and leave loopback clients out of rate
/// limiting. Every other environment (Production, Staging, …) must be configured for real.
/// </summary>
public static class DevelopmentEnvironments
{
    /// <summary>The environment the test suites and the specs run the gateway in.</summary>
    public const string Testing = "Testing";

    public static bool Includes(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.IsDevelopment() || environment.IsEnvironment(Testing);
    }
}
