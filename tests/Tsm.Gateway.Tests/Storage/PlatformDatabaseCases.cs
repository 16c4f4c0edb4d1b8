using Microsoft.Extensions.Options;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Tests.Storage;

/// <summary>
/// Base of the platform-table tests that run the same cases on both profiles: each test gets a fresh database of
/// <see cref="Dialect"/> (a temp SQLite file, or a new database on the shared <see cref="PostgresServer"/>). Cases
/// read <see cref="Database"/>, which skips them when PostgreSQL is not installed.
/// </summary>
public abstract class PlatformDatabaseCases : IAsyncLifetime
{
    private TempDatabase? _file;
    private IPlatformDatabase? _database;

    protected abstract SqlDialect Dialect { get; }

    protected IPlatformDatabase Database
    {
        get
        {
            Skip.If(_database is null, PostgresServer.SkipReason);
            return _database!;
        }
    }

    public async Task InitializeAsync()
    {
        if (Dialect == SqlDialect.Sqlite)
        {
            _file = new TempDatabase();
            _database = new SqliteSchema(Options.Create(new StorageOptions { SqlitePath = _file.Path }));
        }
        else if (PostgresServer.BinDir is not null)
        {
            var options = new StorageOptions { Profile = StorageProfiles.Cluster, PostgresConnectionString = await PostgresServer.CreateDatabaseAsync() };
            _database = new PostgresSchema(Options.Create(options));
        }
    }

    public virtual Task DisposeAsync()
    {
        _file?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
