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

    /// <summary>How many scripts the runner applies (every embedded one).</summary>
    private static int ScriptCount => DatabaseScripts.Load(DatabaseScripts.Sqlite).Count;

    [Fact]
    public void Scripts_are_embedded_in_order()
    {
        var names = DatabaseScripts.Load(DatabaseScripts.Sqlite).Select(s => s.Name).ToArray();
        Assert.Equal(["01-Main.sql", "02-Persistence.sql", "03-Reminders.sql", "04-OperationRecords.sql", "05-Sms.sql", "06-SpCallbacks.sql", "07-AuditLog.sql", "08-Regions.sql", "09-SystemParameters.sql", "10-Catalogue.sql", "11-Providers.sql", "12-SecurityDomainDefinitions.sql", "13-Batches.sql", "14-Applications.sql", "15-Statistics.sql", "16-ReceiptMatching.sql", "17-Idempotency.sql", "19-TaskTranscripts.sql", "20-PushTrace.sql"], names);
    }

    [Fact]
    public async Task Applying_twice_is_harmless_and_keeps_data()
    {
        var path = Path.Combine(_database.Folder, "nested", "folder", "tsm.db");
        Assert.Equal(ScriptCount, await SqliteSchema.ApplyAsync(path));

        await using (var connection = new SqliteConnection(SqliteSchema.ConnectionStringFor(path)))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO OperationRecords (Id, At, Actor, Operation, SeId, Msisdn, Result) VALUES ('x', 1, 'a', 'o', 's', 'm', 'r');";
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Equal(ScriptCount, await SqliteSchema.ApplyAsync(path));

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

    /// <summary>A file made before receipt matching (Pushes without Account, SubmittedAt, ReceiptAt) gets the columns and keeps its rows.</summary>
    [Fact]
    public async Task A_database_from_before_receipt_matching_gets_the_new_push_columns()
    {
        await using (var old = new SqliteConnection(SqliteSchema.ConnectionStringFor(_database.Path)))
        {
            await old.OpenAsync();
            await using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE Pushes (Serial TEXT NOT NULL PRIMARY KEY, SeId TEXT NOT NULL, Msisdn TEXT NOT NULL, Operation TEXT NOT NULL,
                    ApplicationAid TEXT NULL, TaskId TEXT NULL, RequestedBy TEXT NOT NULL, State TEXT NOT NULL, Attempts INTEGER NOT NULL DEFAULT 0,
                    NextAttemptAt INTEGER NOT NULL, MessageId TEXT NULL, CreatedAt INTEGER NOT NULL, ExpiresAt INTEGER NOT NULL,
                    UpdatedAt INTEGER NOT NULL, UsedAt INTEGER NULL, Detail TEXT NULL);
                CREATE TABLE EarlyReceipts (Candidate TEXT NOT NULL PRIMARY KEY, ReceiptId TEXT NOT NULL, State TEXT NOT NULL, Detail TEXT NULL, ReceivedAt INTEGER NOT NULL);
                INSERT INTO Pushes (Serial, SeId, Msisdn, Operation, RequestedBy, State, NextAttemptAt, MessageId, CreatedAt, ExpiresAt, UpdatedAt)
                VALUES ('S', 'SE', '1380', 'sync', 'ops', 'submitted', 1, 'M1', 1, 2, 1);
                """;
            await create.ExecuteNonQueryAsync();
        }

        Assert.Equal(ScriptCount, await SqliteSchema.ApplyAsync(_database.Path));
        Assert.Equal(ScriptCount, await SqliteSchema.ApplyAsync(_database.Path));

        await using var check = new SqliteConnection(SqliteSchema.ConnectionStringFor(_database.Path));
        await check.OpenAsync();
        Assert.Equal("M1", await Scalar(check, "SELECT MessageId FROM Pushes WHERE Serial = 'S' AND Account IS NULL AND SubmittedAt IS NULL AND ReceiptAt IS NULL;"));
        Assert.Equal(0L, await Scalar(check, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'EarlyReceipts';"));
        Assert.Equal(1L, await Scalar(check, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'HeldReceipts';"));
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
