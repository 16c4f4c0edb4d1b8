using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Tests.Storage;

public sealed class SqliteSchemaTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static readonly string[] OrleansQueryKeys =
    [
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key",
        "ReadRangeRows2Key", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public void Scripts_are_embedded_in_order()
    {
        var names = DatabaseScripts.Load(DatabaseScripts.Sqlite).Select(s => s.Name).ToArray();
        Assert.Equal(["01-Main.sql", "02-Persistence.sql", "03-Reminders.sql", "04-OperationRecords.sql", "05-Sms.sql", "06-SpCallbacks.sql", "07-AuditLog.sql", "08-Regions.sql", "09-SystemParameters.sql", "10-Catalogue.sql", "11-Providers.sql", "12-SecurityDomainDefinitions.sql", "13-Batches.sql", "14-Applications.sql", "15-Statistics.sql", "17-Idempotency.sql"], names);
    }

    [Fact]
    public async Task Applying_twice_is_harmless_and_keeps_data()
    {
        var path = Path.Combine(_database.Folder, "nested", "folder", "tsm.db");
        Assert.Equal(16, await SqliteSchema.ApplyAsync(path));

        await using (var connection = new SqliteConnection(SqliteSchema.ConnectionStringFor(path)))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO OperationRecords (Id, At, Actor, Operation, SeId, Msisdn, Result) VALUES ('x', 1, 'a', 'o', 's', 'm', 'r');";
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Equal(16, await SqliteSchema.ApplyAsync(path));

        await using var check = new SqliteConnection(SqliteSchema.ConnectionStringFor(path));
        await check.OpenAsync();
        Assert.Equal(1L, await Scalar(check, "SELECT COUNT(*) FROM OperationRecords;"));
        Assert.Equal(OrleansQueryKeys.Length, Convert.ToInt32(await Scalar(check, "SELECT COUNT(*) FROM OrleansQuery;"), System.Globalization.CultureInfo.InvariantCulture));
        foreach (var key in OrleansQueryKeys)
        {
            await using var command = check.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM OrleansQuery WHERE QueryKey = @Key;";
            command.Parameters.AddWithValue("@Key", key);
            Assert.Equal(1L, await command.ExecuteScalarAsync());
        }

        Assert.Equal("wal", await Scalar(check, "PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task EnsureApplied_runs_once_per_instance_and_opens_connections()
    {
        var schema = new SqliteSchema(Options.Create(new StorageOptions { SqlitePath = _database.Path }));
        await Task.WhenAll(schema.EnsureAppliedAsync(), schema.EnsureAppliedAsync());
        await using var connection = await schema.OpenConnectionAsync();
        Assert.Equal(30000L, await Scalar(connection, "PRAGMA busy_timeout;"));
        Assert.True(File.Exists(_database.Path));
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
