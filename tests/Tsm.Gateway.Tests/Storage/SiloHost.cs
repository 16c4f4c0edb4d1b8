using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tsm.Gateway.Storage;
using Tsm.Testing;

namespace Tsm.Gateway.Tests.Storage;

/// <summary>A throw-away SQLite folder for one test class.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tsm-storage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string Path => System.IO.Path.Combine(Folder, StoragePaths.DatabaseFileName);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file still open elsewhere stays in the temp folder.
        }
    }
}

/// <summary>
/// Starts a host with <c>AddTsmSilo</c> on free loopback ports, on a given SQLite file (embedded profile) or
/// PostgreSQL database (cluster profile): a generic host, or a Kestrel <see cref="WebApplication"/> on
/// 127.0.0.1:0 as the gateway hosts it.
/// </summary>
public static class SiloHost
{
    public static Task<IHost> StartAsync(string sqlitePath, bool web = false) =>
        StartAsync(System.IO.Path.GetDirectoryName(sqlitePath)!, new Dictionary<string, string?> { ["Storage:SqlitePath"] = sqlitePath }, web);

    /// <summary>A silo on the cluster profile (content root: the temp folder; nothing is written there).</summary>
    public static Task<IHost> StartClusterAsync(string connectionString, bool web = false) =>
        StartAsync(System.IO.Path.GetTempPath(), ClusterSettings(connectionString), web);

    /// <summary>The configuration of the cluster profile on a database, with the silo advertised on loopback.</summary>
    public static Dictionary<string, string?> ClusterSettings(string connectionString) => new()
    {
        ["Storage:Profile"] = StorageProfiles.Cluster,
        ["Storage:PostgresConnectionString"] = connectionString,
        [StorageExtensions.AdvertisedAddressKey] = "127.0.0.1",
    };

    public static async Task<IHost> StartAsync(string contentRoot, IReadOnlyDictionary<string, string?> storage, bool web = false)
    {
        return web
            ? await StartAsync(WebApplication.CreateBuilder(new WebApplicationOptions
            {
                EnvironmentName = "Testing",
                ContentRootPath = contentRoot,
                Args = ["--urls", "http://127.0.0.1:0"],
            }), storage, b => b.Build())
            : await StartAsync(Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                EnvironmentName = "Testing",
                ContentRootPath = contentRoot,
            }), storage, b => b.Build());
    }

    private static async Task<IHost> StartAsync<TBuilder>(TBuilder builder, IReadOnlyDictionary<string, string?> storage, Func<TBuilder, IHost> build)
        where TBuilder : IHostApplicationBuilder
    {
        var settings = new Dictionary<string, string?>(storage)
        {
            [StorageExtensions.SiloPortKey] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            [StorageExtensions.GatewayPortKey] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddTsmSilo();
        var host = build(builder);
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }

    public static async Task StopAsync(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
    }

    public static IGrainFactory Grains(this IHost host) => host.Services.GetRequiredService<IGrainFactory>();

    public static int FreePort() => LoopbackPort.Free();
}
