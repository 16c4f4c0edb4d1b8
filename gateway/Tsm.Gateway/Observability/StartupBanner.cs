using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Npgsql;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Observability;

/// <summary>
/// One line once the gateway listens (docs/operations.md, "Logs"): version, environment, the HTTP addresses, the storage
/// profile and where its data is (the SQLite file, or PostgreSQL host and database — never the password), the Orleans
/// ports and where health and metrics are.
/// </summary>
public sealed class StartupBanner(
    IHostApplicationLifetime lifetime, IServer server, IOptions<StorageOptions> storage, IConfiguration configuration,
    IHostEnvironment environment, ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Write);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Write()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var options = storage.Value;
        ObservabilityLog.Started(logger, VersionInfo.Current.Version, environment.EnvironmentName,
            addresses.Count == 0 ? "(none)" : string.Join(", ", addresses),
            options.Profile, DataLocation(options),
            configuration.GetValue(StorageExtensions.SiloPortKey, StorageExtensions.DefaultSiloPort),
            configuration.GetValue(StorageExtensions.GatewayPortKey, StorageExtensions.DefaultGatewayPort));
    }

    /// <summary>The SQLite file, or PostgreSQL's host, port and database (no credentials).</summary>
    public static string DataLocation(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsCluster)
            return options.SqlitePath ?? "(unresolved)";
        try
        {
            var postgres = new NpgsqlConnectionStringBuilder(options.PostgresConnectionString);
            return $"postgres://{postgres.Host}:{postgres.Port}/{postgres.Database}";
        }
        catch (ArgumentException)
        {
            return "(unreadable PostgreSQL connection string)";
        }
    }
}
