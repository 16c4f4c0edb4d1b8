using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Tsm.Gateway.Api;
using Tsm.Gateway.Parameters;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Storage;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Tests.Parameters;

/// <summary>The parameter source while the configuration is built: before the schema exists, and in the gateway itself.</summary>
public sealed class ParameterFirstStartTests : IDisposable
{
    private readonly TempDatabase _folder = new();

    public void Dispose() => _folder.Dispose();

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();

    private ParameterConfigurationProvider Provider(IConfiguration storage)
    {
        var database = ExistingDatabase.For(storage, _folder.Folder);
        var root = new ConfigurationBuilder().Add(new ParameterConfigurationSource { Database = database }).Build();
        return root.Providers.OfType<ParameterConfigurationProvider>().Single();
    }

    [Fact]
    public async Task Before_the_first_start_there_is_no_file_and_after_the_schema_the_table_is_read()
    {
        var path = Path.Combine(_folder.Folder, "data", "tsm.db");
        var provider = Provider(Settings(("Storage:SqlitePath", path)));
        Assert.Empty(provider.Values);
        Assert.False(File.Exists(path), "reading parameters must not create the database");

        await SqliteSchema.ApplyAsync(path);
        var schema = new SqliteSchema(Options.Create(new StorageOptions { SqlitePath = path }));
        await new ParameterStore(schema, TimeProvider.System).SetAsync("Ota:SecurityLevel", "2", "admin1");
        Assert.True(await provider.ReloadAsync());
        Assert.True(provider.TryGet("Ota:SecurityLevel", out var level));
        Assert.Equal("2", level);
    }

    [Fact]
    public async Task A_database_without_the_table_reads_as_empty()
    {
        var path = _folder.Path;
        await using (var connection = new SqliteConnection(SqliteSchema.ConnectionStringFor(path)))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE Other (Id INTEGER);";
            await command.ExecuteNonQueryAsync();
        }

        Assert.Empty(Provider(Settings(("Storage:SqlitePath", path))).Values);
    }

    [Fact]
    public void The_default_SQLite_path_is_resolved_as_the_host_resolves_it()
    {
        var database = ExistingDatabase.For(Settings((StoragePaths.DataDirVariable, _folder.Folder)), "/nowhere");
        Assert.Equal(SqlDialect.Sqlite, database!.Dialect);
        Assert.Null(ExistingDatabase.For(Settings(("Storage:Profile", "cluster")), _folder.Folder));
        Assert.Null(ExistingDatabase.For(Settings(("Storage:Profile", "elsewhere")), _folder.Folder));
        Assert.Empty(Provider(Settings(("Storage:Profile", "elsewhere"))).Values);
    }

    [SkippableFact]
    public async Task On_PostgreSQL_a_database_without_the_schema_reads_as_empty()
    {
        Skip.If(PostgresServer.BinDir is null, PostgresServer.SkipReason);
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        var provider = Provider(Settings(("Storage:Profile", "cluster"), ("Storage:PostgresConnectionString", connectionString)));
        Assert.Empty(provider.Values);

        await PostgresSchema.ApplyAsync(connectionString);
        var schema = new PostgresSchema(Options.Create(new StorageOptions { Profile = StorageProfiles.Cluster, PostgresConnectionString = connectionString }));
        await new ParameterStore(schema, TimeProvider.System).SetAsync("Seram:LongPoll", "00:00:10", "admin1");
        Assert.True(await provider.ReloadAsync());
        Assert.True(provider.TryGet("Seram:LongPoll", out var poll));
        Assert.Equal("00:00:10", poll);
    }

    [Fact]
    public void An_unreachable_database_stops_the_start()
    {
        var unreachable = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = SiloHost.FreePort(), Username = "tsm", Database = "tsm", Timeout = 2 }.ConnectionString;
        Assert.ThrowsAny<Exception>(() => Provider(Settings(("Storage:Profile", "cluster"), ("Storage:PostgresConnectionString", unreachable))));
    }

    [Fact]
    public async Task In_the_gateway_a_stored_value_wins_over_the_command_line_and_is_read_before_the_host_exists()
    {
        string[] args =
        [
            "--environment", "Testing",
            "--Storage:SqlitePath", _folder.Path,
            "--Seram:LongPoll", "00:00:03",
            "--Ota:SecurityLevel", "1",
            "--Logging:LogLevel:Default", "Warning",
        ];
        await using (var app = GatewayApp.Build(args))
        {
            var parameters = app.Services.GetRequiredService<SystemParameters>();
            var ota = app.Services.GetRequiredService<IOptionsMonitor<OtaOptions>>();
            Assert.Equal(1, ota.CurrentValue.SecurityLevel);
            Assert.Same(
                app.Services.GetRequiredService<ParameterConfigurationProvider>(),
                ((IConfigurationRoot)app.Services.GetRequiredService<IConfiguration>()).Providers.Last());

            Assert.Equal(ParameterOutcome.Changed, (await parameters.SetAsync("Ota:SecurityLevel", "3", "admin1")).Outcome);
            Assert.Equal(3, ota.CurrentValue.SecurityLevel);
            Assert.Equal(ParameterOutcome.Changed, (await parameters.SetAsync("Seram:LongPoll", "00:00:20", "admin1")).Outcome);
            var poll = (await parameters.GetAsync("Seram:LongPoll"))!;
            Assert.Equal(("00:00:20", true, "00:00:03"), (poll.Value, poll.Overridden, poll.FileValue));
        }

        // The next start reads the table while the configuration is built, before any service exists.
        await using var again = GatewayApp.Build(args);
        Assert.Equal("00:00:20", again.Configuration["Seram:LongPoll"]);
        Assert.Equal(TimeSpan.FromSeconds(20), again.Services.GetRequiredService<IOptions<SeramOptions>>().Value.LongPoll);
        Assert.Equal(3, again.Services.GetRequiredService<IOptions<OtaOptions>>().Value.SecurityLevel);
    }
}
