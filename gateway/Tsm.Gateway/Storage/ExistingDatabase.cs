using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Tsm.Gateway.Storage;

/// <summary>
/// The storage profile's database opened as it is, without applying the schema and without creating a SQLite file:
/// for reading the system parameters while the configuration is built, before the host, its options and its schema
/// step exist (docs/parameters.md). A database or table that is not there yet is the caller's to tolerate.
/// </summary>
public sealed class ExistingDatabase : IPlatformDatabase
{
    private readonly string _connectionString;

    private ExistingDatabase(SqlDialect dialect, string connectionString)
    {
        Dialect = dialect;
        _connectionString = connectionString;
    }

    public SqlDialect Dialect { get; }

    /// <summary>
    /// The database <paramref name="configuration"/> names (section <see cref="StorageOptions.SectionName"/>, the SQLite
    /// path resolved as the host resolves it); null when the storage settings are incomplete or wrong, which the host's
    /// own validation reports at start.
    /// </summary>
    public static ExistingDatabase? For(IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        if (options.IsEmbedded)
        {
            var path = StoragePaths.ResolveSqlitePath(options.SqlitePath, contentRoot, configuration[StoragePaths.DataDirVariable]);
            return new ExistingDatabase(SqlDialect.Sqlite, new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWrite,
                Pooling = true,
                DefaultTimeout = (int)options.SqliteBusyTimeout.TotalSeconds,
            }.ToString());
        }

        if (options.IsCluster && !string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            try
            {
                return new ExistingDatabase(SqlDialect.PostgreSql, PostgresSchema.ConnectionStringFor(options.PostgresConnectionString));
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        return null;
    }

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        DbConnection connection = Dialect == SqlDialect.PostgreSql ? new NpgsqlConnection(_connectionString) : new SqliteConnection(_connectionString);
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

    /// <summary>
    /// Whether <paramref name="exception"/> says the database file or the table is not there yet (first start: the
    /// schema step runs later), which reads as an empty table.
    /// </summary>
    public static bool IsMissing(DbException exception) => exception switch
    {
        // SQLITE_CANTOPEN: no file (ReadWrite mode does not create one); SQLITE_ERROR "no such table".
        SqliteException { SqliteErrorCode: 14 } => true,
        SqliteException { SqliteErrorCode: 1 } e => e.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase),
        PostgresException { SqlState: PostgresErrorCodes.UndefinedTable } => true,
        _ => false,
    };
}
