using System.Globalization;
using Npgsql;

using static Tsm.Testing.PostgresTools;

namespace Tsm.Perf.Scale;

/// <summary>
/// A PostgreSQL server of the scale benchmark in its own folder (as the tests run theirs: <c>initdb</c>, then
/// <c>pg_ctl start</c> on a free loopback port, as the <c>postgres</c> OS user when run as root). Unlike the tests'
/// server its data is kept: <c>scale load</c> fills it and <c>scale bench</c> starts it again on the same folder.
/// Stopped with <c>pg_ctl stop -m fast</c>, which signals the process id in its postmaster.pid.
/// </summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    public const string Database = "tsm";
    private const string Role = "tsm";

    private readonly string _folder;
    private readonly string _bin;
    private bool _running;

    private PrivatePostgres(string folder, string bin, int port)
    {
        _folder = folder;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = Database,
        Username = Role,
    }.ConnectionString;

    private string DataDir => Path.Combine(_folder, "data");

    public static string DefaultFolder => Path.Combine(Path.GetTempPath(), "tsm-scale");

    /// <summary>
    /// Starts the server in <paramref name="folder"/>, creating the cluster, role and database the first time.
    /// <paramref name="bulkLoad"/> turns off fsync and full-page writes (safe as long as the server is stopped cleanly;
    /// the benchmark runs with PostgreSQL's durable defaults).
    /// </summary>
    public static async Task<PrivatePostgres> StartAsync(string folder, bool bulkLoad)
    {
        var bin = FindBinDir() ?? throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin or on PATH.");
        folder = Path.GetFullPath(folder);
        var server = new PrivatePostgres(folder, bin, InProcessGateway.FreePort());
        if (File.Exists(Path.Combine(server.DataDir, "postmaster.pid")))
            throw new InvalidOperationException($"A server is already running on {server.DataDir} (see its postmaster.pid); stop it with pg_ctl stop -D {server.DataDir}.");
        var created = !File.Exists(Path.Combine(server.DataDir, "PG_VERSION"));
        if (created)
        {
            Directory.CreateDirectory(folder);
            if (IsRoot)
                await RunAsync("chown", ["-R", "postgres:postgres", folder]);
            await RunAsPostgresAsync(Path.Combine(bin, "initdb"),
                ["-D", server.DataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-instructions"]);
        }

        string[] settings =
        [
            "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-k", folder, "-h", "127.0.0.1",
            "-c", "max_connections=200", "-c", "shared_buffers=2GB", "-c", "max_wal_size=8GB",
            .. bulkLoad ? ["-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off", "-c", "autovacuum=off"] : Array.Empty<string>(),
        ];
        await RunAsPostgresAsync(Path.Combine(bin, "pg_ctl"),
            ["start", "-w", "-t", "120", "-D", server.DataDir, "-l", Path.Combine(folder, "postgres.log"), "-o", string.Join(' ', settings)]);
        server._running = true;
        try
        {
            if (created)
                await server.CreateDatabaseAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private async Task CreateDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = Port, Database = "postgres", Username = "postgres", Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync();
        // One statement each: CREATE DATABASE cannot run in a multi-statement batch.
        foreach (var statement in new[] { $"CREATE ROLE {Role} LOGIN;", $"CREATE DATABASE {Database} OWNER {Role};" })
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_running)
            return;
        _running = false;
        NpgsqlConnection.ClearAllPools();
        await RunAsPostgresAsync(Path.Combine(_bin, "pg_ctl"), ["stop", "-w", "-t", "600", "-m", "fast", "-D", DataDir]);
    }
}
