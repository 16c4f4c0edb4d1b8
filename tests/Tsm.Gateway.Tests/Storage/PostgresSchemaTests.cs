using Npgsql;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Tests.Storage;

/// <summary>The cluster profile's scripts on a private PostgreSQL server (see <see cref="PostgresServer"/>).</summary>
public sealed class PostgresSchemaTests
{
    private static readonly string[] OrleansQueryKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key",
        "ReadRangeRows2Key", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    /// <summary>How many scripts the runner applies (every embedded one).</summary>
    private static int ScriptCount => DatabaseScripts.Load(DatabaseScripts.PostgreSql).Count;

    [Fact]
    public void Scripts_are_embedded_in_order()
    {
        var names = DatabaseScripts.Load(DatabaseScripts.PostgreSql).Select(s => s.Name).ToArray();
        Assert.Equal(["01-Main.sql", "02-Clustering.sql", "03-Persistence.sql", "04-Reminders.sql", "05-OperationRecords.sql", "06-Sms.sql", "07-SpCallbacks.sql", "08-AuditLog.sql", "09-Regions.sql", "10-SystemParameters.sql", "11-Catalogue.sql", "12-Providers.sql", "13-SecurityDomainDefinitions.sql", "14-Batches.sql", "15-Applications.sql", "16-Statistics.sql", "17-ReceiptMatching.sql", "18-Idempotency.sql", "20-TaskTranscripts.sql", "21-PushTrace.sql"], names);
    }

    [Theory]
    [InlineData("Host=db;Database=tsm", 20)]
    [InlineData("Host=db;Database=tsm;Maximum Pool Size=7", 7)]
    [InlineData("Host=db;Database=tsm;MaxPoolSize=150", 150)]
    [InlineData("Host=db;Database=tsm;maximum pool size=5", 5)]
    public void Pool_size_is_capped_per_silo_unless_the_connection_string_sets_it(string configured, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(PostgresSchema.ConnectionStringFor(configured)).MaxPoolSize);

    [SkippableFact]
    public async Task Applying_twice_and_concurrently_is_harmless_and_keeps_data()
    {
        Skip.If(PostgresServer.BinDir is null, PostgresServer.SkipReason);
        var connectionString = await PostgresServer.CreateDatabaseAsync();

        // Two silos starting together: the advisory lock runs them one after the other.
        var applied = await Task.WhenAll(PostgresSchema.ApplyAsync(connectionString), PostgresSchema.ApplyAsync(connectionString));
        Assert.Equal([ScriptCount, ScriptCount], applied);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO OperationRecords (Id, At, Actor, Operation, SeId, Msisdn, Result) VALUES ('x', 1, 'a', 'o', 's', 'm', 'r');", connection);
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Equal(ScriptCount, await PostgresSchema.ApplyAsync(connectionString));

        await using var check = new NpgsqlConnection(connectionString);
        await check.OpenAsync();
        Assert.Equal(1L, await Scalar(check, "SELECT COUNT(*) FROM OperationRecords;"));
        Assert.Equal((long)OrleansQueryKeys.Length, await Scalar(check, "SELECT COUNT(*) FROM OrleansQuery;"));
        await using var keys = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey;", check);
        var stored = new List<string>();
        await using (var reader = await keys.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                stored.Add(reader.GetString(0));
        }

        Assert.Equal(OrleansQueryKeys.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task A_dead_member_is_cleaned_up_by_the_values_the_provider_read()
    {
        Skip.If(PostgresServer.BinDir is null, PostgresServer.SkipReason);
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        await PostgresSchema.ApplyAsync(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var started = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES ('c');
            INSERT INTO OrleansMembershipTable (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
            VALUES ('c', '127.0.0.1', 11111, 7, 's', 'h', 6, 0, @Start, @Start);
            """, connection))
        {
            insert.Parameters.AddWithValue("Start", started);
            await insert.ExecuteNonQueryAsync();
        }

        // As the provider binds them: times with DbType.DateTime, SuspectTimes NULL without a type.
        await using var cleanup = connection.CreateCommand();
        cleanup.CommandText = (string)(await Scalar(connection, "SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'CleanupDefunctSiloEntryKey';"))!;
        cleanup.AddParameter("DeploymentId", "c");
        cleanup.AddParameter("Address", "127.0.0.1");
        cleanup.AddParameter("Port", 11111);
        cleanup.AddParameter("Generation", 7);
        cleanup.AddParameter("SuspectTimes", null);
        cleanup.AddParameter("StartTime", started).DbType = System.Data.DbType.DateTime;
        cleanup.AddParameter("IAmAliveTime", started).DbType = System.Data.DbType.DateTime;
        Assert.Equal(1, await cleanup.ExecuteNonQueryAsync());
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
