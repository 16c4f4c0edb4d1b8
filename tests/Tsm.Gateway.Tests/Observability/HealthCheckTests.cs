using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Observability;
using Tsm.Gateway.Sms;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Sms;
using Tsm.Gateway.Tests.Storage;

namespace Tsm.Gateway.Tests.Observability;

/// <summary>The readiness checks against a stopped SMSC and an unreachable database, each profile.</summary>
public sealed class HealthCheckTests
{
    private static readonly HealthCheckContext Context = new();

    private static IOptions<ObservabilityOptions> Probe => Options.Create(new ObservabilityOptions { DatabaseProbeTimeout = TimeSpan.FromSeconds(5) });

    [Fact]
    public async Task An_sms_account_whose_smsc_stopped_is_degraded_not_unhealthy()
    {
        await using var kit = await SmppKit.StartAsync();
        var senders = new SmsSenders();
        senders.Add(kit.Esme);
        var check = new SmsLinksHealthCheck(new ServiceCollection().AddSingleton(senders).BuildServiceProvider());
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(Context)).Status);

        await kit.Smsc.StopAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (kit.Esme.Status().Bound > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        var down = await check.CheckHealthAsync(Context);
        Assert.Equal(HealthStatus.Degraded, down.Status);
        Assert.Contains("test", down.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sqlite_database_that_opens_is_healthy_and_one_that_cannot_is_unhealthy()
    {
        using var database = new TempDatabase();
        var healthy = new DatabaseHealthCheck(new SqliteSchema(Options.Create(new StorageOptions { SqlitePath = database.Path })), Probe);
        Assert.Equal(HealthStatus.Healthy, (await healthy.CheckHealthAsync(Context)).Status);

        // A file where the database's folder should be: SQLite cannot open it, whoever runs the test.
        var blocker = Path.GetTempFileName();
        try
        {
            var broken = new DatabaseHealthCheck(new SqliteSchema(Options.Create(new StorageOptions { SqlitePath = Path.Combine(blocker, "tsm.db") })), Probe);
            var result = await broken.CheckHealthAsync(Context);
            Assert.Equal(HealthStatus.Unhealthy, result.Status);
            Assert.DoesNotContain(blocker, result.Description, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Fact]
    public async Task A_postgres_server_that_is_not_running_is_unhealthy()
    {
        var port = SiloHost.FreePort().ToString(CultureInfo.InvariantCulture);
        var options = Options.Create(new StorageOptions
        {
            Profile = StorageProfiles.Cluster,
            PostgresConnectionString = $"Host=127.0.0.1;Port={port};Database=tsm;Username=tsm;Password=unused;Timeout=2",
        });
        var check = new DatabaseHealthCheck(new PostgresSchema(options), Probe);
        var result = await check.CheckHealthAsync(Context);
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.DoesNotContain("unused", result.Description, StringComparison.Ordinal);
    }
}
