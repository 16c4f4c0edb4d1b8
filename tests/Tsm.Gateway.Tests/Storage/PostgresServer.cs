using System.Diagnostics;
using System.Globalization;
using Npgsql;

using static Tsm.Testing.PostgresTools;

namespace Tsm.Gateway.Tests.Storage;

/// <summary>
/// A private PostgreSQL server for the cluster-profile tests: <c>initdb</c> in a temp folder, <c>postgres</c> on a free
/// loopback port (started with <c>pg_ctl start -w</c>, which waits until it accepts connections), one shared per
/// test process and stopped by its process id when that process exits. Each test class asks for a fresh database. When the tests run as root (CI),
/// the server runs as the <c>postgres</c> OS user, which owns the folder. Tests skip only when the binaries are absent.
/// </summary>
public sealed class PostgresServer
{
    public const string Role = "tsm";
    private const string Password = "tsm";

    private static readonly Lazy<string?> s_binDir = new(FindBinDir);
    private static readonly SemaphoreSlim s_startGate = new(1, 1);
    private static PostgresServer? s_shared;
    private static int s_databases;

    private readonly string _folder;
    private readonly int _port;

    private PostgresServer(string folder, int port)
    {
        _folder = folder;
        _port = port;
    }

    /// <summary>Where initdb, pg_ctl and postgres are, or null when PostgreSQL is not installed.</summary>
    public static string? BinDir => s_binDir.Value;

    public static string SkipReason =>
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found under /usr/lib/postgresql/*/bin or on PATH; " +
        "install the postgresql package (build.sh test does) to run the cluster-profile tests.";

    private string DataDir => Path.Combine(_folder, "data");

    /// <summary>A new, empty database owned by <see cref="Role"/> on the shared server, as an Npgsql connection string.</summary>
    public static async Task<string> CreateDatabaseAsync() => await (await SharedAsync()).CreateDatabaseOnAsync();

    /// <summary>
    /// A server of the caller's own (not the shared one), for tests that stop and start it
    /// (<see cref="StopServerAsync"/>, <see cref="StartServerAsync"/>); the caller disposes it.
    /// </summary>
    public static async Task<PostgresServer> StartPrivateAsync() => await StartAsync();

    /// <summary>A new, empty database owned by <see cref="Role"/> on this server, as an Npgsql connection string.</summary>
    public async Task<string> CreateDatabaseOnAsync()
    {
        var server = this;
        var name = $"tsm_test_{Environment.ProcessId}_{Interlocked.Increment(ref s_databases)}";
        await using (var connection = new NpgsqlConnection(server.ConnectionString("postgres", "postgres", pooling: false)))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name} OWNER {Role};", connection);
            await command.ExecuteNonQueryAsync();
        }

        return server.ConnectionString(name, Role, pooling: true);
    }

    private string ConnectionString(string database, string user, bool pooling) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _port,
        Database = database,
        Username = user,
        Password = user == Role ? Password : null,
        Pooling = pooling,
    }.ConnectionString;

    private static async Task<PostgresServer> SharedAsync()
    {
        await s_startGate.WaitAsync();
        try
        {
            if (s_shared is null)
            {
                var server = await StartAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
                s_shared = server;
            }

            return s_shared;
        }
        finally
        {
            s_startGate.Release();
        }
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var bin = BinDir ?? throw new InvalidOperationException(SkipReason);
        var root = Path.Combine(Path.GetTempPath(), "tsm-postgres-tests");
        RemoveStaleFolders(root);
        var folder = Path.Combine(root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var server = new PostgresServer(folder, SiloHost.FreePort());
        if (IsRoot)
        {
            // postgres refuses to run as root: the server and its folder belong to the postgres OS user.
            await RunAsync("chown", ["-R", "postgres:postgres", folder]);
        }

        await RunAsPostgresAsync(Path.Combine(bin, "initdb"),
            ["-D", server.DataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync", "--no-instructions"]);
        // fsync off: the data is thrown away; max_connections above the per-silo pool of several silos at once.
        var serverOptions = string.Join(' ',
            "-p", server._port.ToString(CultureInfo.InvariantCulture), "-k", server._folder, "-h", "127.0.0.1",
            "-F", "-c", "max_connections=200", "-c", "full_page_writes=off");
        await RunAsPostgresAsync(Path.Combine(bin, "pg_ctl"),
            ["start", "-w", "-t", "60", "-D", server.DataDir, "-l", Path.Combine(server._folder, "postgres.log"), "-o", serverOptions]);

        await using var connection = new NpgsqlConnection(server.ConnectionString("postgres", "postgres", pooling: false));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE ROLE {Role} LOGIN PASSWORD '{Password}';", connection);
        await command.ExecuteNonQueryAsync();
        return server;
    }

    /// <summary>Stops the server (fast shutdown: sessions are ended) and waits until it is down: an outage.</summary>
    public async Task StopServerAsync()
    {
        await RunAsPostgresAsync(Path.Combine(BinDir!, "pg_ctl"), ["stop", "-w", "-m", "fast", "-D", DataDir]);
    }

    /// <summary>Starts the stopped server again on the same port and data and waits until it accepts connections.</summary>
    public async Task StartServerAsync()
    {
        var serverOptions = string.Join(' ',
            "-p", _port.ToString(CultureInfo.InvariantCulture), "-k", _folder, "-h", "127.0.0.1",
            "-F", "-c", "max_connections=200", "-c", "full_page_writes=off");
        await RunAsPostgresAsync(Path.Combine(BinDir!, "pg_ctl"),
            ["start", "-w", "-t", "60", "-D", DataDir, "-l", Path.Combine(_folder, "postgres.log"), "-o", serverOptions]);
    }

    /// <summary>Stops a private server (<see cref="StartPrivateAsync"/>) by its process id.</summary>
    public void StopPrivate() => Stop();

    /// <summary>
    /// Fast shutdown of this server: SIGINT to the process id in its postmaster.pid. This runs while the test host
    /// exits, which leaves no time to wait for the shutdown and delete the folder: a later run removes it.
    /// </summary>
    private void Stop()
    {
        NpgsqlConnection.ClearAllPools();
        var pidFile = Path.Combine(DataDir, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture, out var pid))
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit(TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// Folders of servers that are stopped (no postmaster.pid) and old: the test host may exit before the
    /// folder of its own server is deleted.
    /// </summary>
    private static void RemoveStaleFolders(string root)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var folder in Directory.GetDirectories(root))
        {
            if (!File.Exists(Path.Combine(folder, "data", "postmaster.pid"))
                && Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddMinutes(-5))
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }
}
