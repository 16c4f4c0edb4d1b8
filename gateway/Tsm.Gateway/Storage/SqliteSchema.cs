using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Storage;

/// <summary>
/// The embedded profile's database: one SQLite file in WAL mode holding Orleans' query table,
/// grain state, reminders and the gateway's own tables. <see cref="EnsureAppliedAsync"/> applies the
/// embedded scripts once per process; they are idempotent, so applying them again is harmless.
/// </summary>
public sealed class SqliteSchema(IOptions<StorageOptions> options, ILogger<SqliteSchema>? logger = null, TimeProvider? time = null) : IPlatformDatabase
{
    /// <summary>How long a command waits on a locked database before it fails, unless Storage:SqliteBusyTimeout says otherwise.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    private readonly ILogger _logger = logger ?? NullLogger<SqliteSchema>.Instance;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private OnceUntilDone? _apply;

    public SqlDialect Dialect => SqlDialect.Sqlite;

    /// <summary>The absolute path of the database file.</summary>
    public string Path => options.Value.SqlitePath
        ?? throw new InvalidOperationException("Storage:SqlitePath is not resolved.");

    /// <summary>The connection string every user of the file (Orleans included) shares.</summary>
    public string ConnectionString => ConnectionStringFor(Path, options.Value.SqliteBusyTimeout);

    public static string ConnectionStringFor(string path, TimeSpan? busyTimeout = null) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        // Microsoft.Data.Sqlite retries a busy database until the command timeout runs out,
        // which is the busy timeout of connections opened by Orleans' providers.
        DefaultTimeout = (int)(busyTimeout ?? DefaultBusyTimeout).TotalSeconds,
    }.ToString();

    /// <summary>Applies the schema once per instance; a failed attempt is retried on the next call.</summary>
    public Task EnsureAppliedAsync(CancellationToken cancellationToken = default) =>
        LazyInitializer.EnsureInitialized(ref _apply, () => new OnceUntilDone(ApplyLoggedAsync)).RunAsync(cancellationToken);

    /// <summary>Opens a connection to the file with the busy timeout set, after the schema is in place.</summary>
    public async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        await EnsureAppliedAsync(cancellationToken);
        return await OpenAsync(Path, options.Value.SqliteBusyTimeout, cancellationToken);
    }

    async Task<DbConnection> IPlatformDatabase.OpenConnectionAsync(CancellationToken cancellationToken) =>
        await OpenConnectionAsync(cancellationToken);

    /// <summary>Applies every embedded SQLite script to <paramref name="path"/>, creating the file and its folder.</summary>
    public static async Task<int> ApplyAsync(string path, CancellationToken cancellationToken = default)
    {
        var folder = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        await using var connection = await OpenAsync(path, DefaultBusyTimeout, cancellationToken);
        await using (var wal = connection.CreateCommand())
        {
            // Persistent in the file: readers do not block the writer.
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        var scripts = DatabaseScripts.Load(DatabaseScripts.Sqlite);
        foreach (var (name, text) in scripts)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = text;
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (SqliteException e) when (e.Message.Contains("duplicate column name", StringComparison.Ordinal))
            {
                // SQLite cannot add a column only when it is missing: a script that adds columns does so first, and
                // commits whole, so a column already there means an earlier start applied all of it.
                await transaction.RollbackAsync(cancellationToken);
                continue;
            }
            catch (SqliteException e)
            {
                throw new InvalidOperationException($"Storage script {name} failed: {e.Message}", e);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return scripts.Count;
    }

    private static async Task<SqliteConnection> OpenAsync(string path, TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionStringFor(path, busyTimeout));
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task ApplyLoggedAsync()
    {
        var path = Path;
        var started = _time.GetTimestamp();
        try
        {
            var count = await ApplyAsync(path, CancellationToken.None);
            StorageLog.SchemaApplied(_logger, path, count, (long)_time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e)
        {
            StorageLog.SchemaFailed(_logger, e, path);
            throw;
        }
    }
}
