using System.Data.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Tsm.Gateway.Storage;

/// <summary>
/// The cluster profile's database: PostgreSQL holding Orleans' query table, membership, grain state,
/// reminders and the gateway's own tables. <see cref="EnsureAppliedAsync"/> applies the PostgreSQL scripts
/// once per process, in one transaction under an advisory lock, so that silos starting together apply them
/// one after the other; the scripts are idempotent, so applying them again is harmless.
/// </summary>
public sealed class PostgresSchema(IOptions<StorageOptions> options, ILogger<PostgresSchema>? logger = null, TimeProvider? time = null) : IPlatformDatabase
{
    /// <summary>Connections per silo when the connection string does not set <c>Maximum Pool Size</c>.</summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary>The advisory lock key under which the scripts run (any constant shared by every silo).</summary>
    public const long SchemaLockKey = 0x54534D_5343484D; // "TSM" "SCHM"

    private readonly ILogger _logger = logger ?? NullLogger<PostgresSchema>.Instance;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private OnceUntilDone? _apply;

    public SqlDialect Dialect => SqlDialect.PostgreSql;

    /// <summary>The connection string every user of the database in this silo (Orleans included) shares, so they share one pool.</summary>
    public string ConnectionString => ConnectionStringFor(options.Value.PostgresConnectionString
        ?? throw new InvalidOperationException("Storage:PostgresConnectionString is not set."));

    /// <summary>
    /// The configured connection string with <c>Maximum Pool Size</c> = <see cref="DefaultMaxPoolSize"/> unless it sets
    /// one: PostgreSQL accepts 100 connections by default, and Npgsql would pool up to 100 per silo.
    /// </summary>
    public static string ConnectionStringFor(string configured)
    {
        var builder = new NpgsqlConnectionStringBuilder(configured);
        var given = new DbConnectionStringBuilder { ConnectionString = configured };
        var setsPoolSize = given.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal))
            .Any(k => k.Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase) || k.Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase));
        if (!setsPoolSize)
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        return builder.ConnectionString;
    }

    /// <summary>Applies the schema once per instance; a failed attempt is retried on the next call.</summary>
    public Task EnsureAppliedAsync(CancellationToken cancellationToken = default) =>
        LazyInitializer.EnsureInitialized(ref _apply, () => new OnceUntilDone(ApplyLoggedAsync)).RunAsync(cancellationToken);

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        await EnsureAppliedAsync(cancellationToken);
        var connection = new NpgsqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Applies every embedded PostgreSQL script to the database, in one transaction under the schema lock.</summary>
    public static async Task<int> ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var scripts = DatabaseScripts.Load(DatabaseScripts.PostgreSql);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@Key);", connection, transaction))
        {
            // Released at commit or rollback; a second silo waits here, then finds everything in place.
            lockCommand.Parameters.AddWithValue("Key", SchemaLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (name, text) in scripts)
        {
            await using var command = new NpgsqlCommand(text, connection, transaction);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e)
            {
                throw new InvalidOperationException($"Storage script {name} failed: {e.Message}", e);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return scripts.Count;
    }

    private async Task ApplyLoggedAsync()
    {
        var connectionString = ConnectionString;
        var target = Describe(connectionString);
        var started = _time.GetTimestamp();
        try
        {
            var count = await ApplyAsync(connectionString, CancellationToken.None);
            StorageLog.SchemaApplied(_logger, target, count, (long)_time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e)
        {
            StorageLog.SchemaFailed(_logger, e, target);
            throw;
        }
    }

    /// <summary>Host, port and database for the log, never the password.</summary>
    private static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
