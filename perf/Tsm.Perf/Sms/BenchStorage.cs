using Tsm.Gateway.Storage;
using Tsm.Perf.Scale;

namespace Tsm.Perf.Sms;

/// <summary>
/// The storage of an SMS benchmark's gateway: the embedded profile's SQLite file (the gateway makes it), or for the
/// cluster profile a private PostgreSQL server in a temporary folder, with its durable defaults, stopped and deleted after.
/// </summary>
internal sealed class BenchStorage : IAsyncDisposable
{
    private readonly PrivatePostgres? _server;
    private readonly string? _folder;

    private BenchStorage(PrivatePostgres? server, string? folder, string[] gatewayArgs)
    {
        _server = server;
        _folder = folder;
        GatewayArgs = gatewayArgs;
    }

    /// <summary>The gateway's configuration for this storage.</summary>
    public string[] GatewayArgs { get; }

    public static async Task<BenchStorage> StartAsync(string profile)
    {
        if (profile != StorageProfiles.Cluster)
            return new BenchStorage(null, null, []);
        var folder = Directory.CreateTempSubdirectory("tsm-sms-bench-").FullName;
        var server = await PrivatePostgres.StartAsync(folder, bulkLoad: false);
        return new BenchStorage(server, folder, [
            "--Storage:Profile", StorageProfiles.Cluster,
            "--Storage:PostgresConnectionString", server.ConnectionString,
            "--" + StorageExtensions.AdvertisedAddressKey, "127.0.0.1"]);
    }

    /// <summary>The machine's one-minute load average, as the figures are read against it.</summary>
    public static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        if (_folder is not null)
        {
            try
            {
                Directory.Delete(_folder, true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // owned by the postgres user when run as root: left to the temporary folder's cleaning
            }
        }
    }
}
