using System.Data.Common;
using Tsm.Gateway.Storage;
using Tsm.Grains;

namespace Tsm.Gateway.Parameters;

/// <summary>
/// The system parameter table and its history (Sqlite/09-SystemParameters.sql, PostgreSql/10-SystemParameters.sql;
/// docs/parameters.md). It stores what it is given: <see cref="SystemParameters"/> checks names and values first.
/// Every add, change and delete writes a history entry in the same transaction.
/// </summary>
public sealed class ParameterStore(IPlatformDatabase database, [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
{
    /// <summary>The advisory lock key of parameter writes on PostgreSQL ("TSM" "PARM").</summary>
    public const long WriteLockKey = 0x54534D_5041524D;

    private const string HistoryColumns = "Seq, Name, Action, OldValue, NewValue, ChangedAt, ChangedBy";

    /// <summary>Every stored value, by name.</summary>
    public async Task<IReadOnlyList<StoredParameter>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Name, Value, UpdatedAt, UpdatedBy FROM SystemParameters ORDER BY Name;";
        var parameters = new List<StoredParameter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            parameters.Add(new StoredParameter(reader.GetString(0), reader.GetString(1), Ticks(reader.GetInt64(2)), reader.GetString(3)));
        return parameters;
    }

    public async Task<StoredParameter?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Name, Value, UpdatedAt, UpdatedBy FROM SystemParameters WHERE Name = @Name;";
        command.AddParameter("@Name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredParameter(reader.GetString(0), reader.GetString(1), Ticks(reader.GetInt64(2)), reader.GetString(3))
            : null;
    }

    /// <summary>Stores <paramref name="value"/> for <paramref name="name"/>; the history entry written, or null when that value was already stored.</summary>
    public async Task<ParameterHistoryEntry?> SetAsync(string name, string value, string changedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(changedBy);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginSerializedAsync(database.Dialect, WriteLockKey, cancellationToken);
        var old = await ValueAsync(transaction, name, cancellationToken);
        if (old == value)
            return null;
        var now = clock.GetUtcNow();
        await using (var write = transaction.CreateCommand(old is null
            ? "INSERT INTO SystemParameters (Name, Value, UpdatedAt, UpdatedBy) VALUES (@Name, @Value, @At, @By);"
            : "UPDATE SystemParameters SET Value = @Value, UpdatedAt = @At, UpdatedBy = @By WHERE Name = @Name;"))
        {
            write.AddParameter("@Name", name);
            write.AddParameter("@Value", value);
            write.AddParameter("@At", now.UtcTicks);
            write.AddParameter("@By", changedBy);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        var entry = await RecordAsync(transaction, name, old is null ? ParameterActions.Add : ParameterActions.Change, old, value, now, changedBy, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return entry;
    }

    /// <summary>Removes the stored value of <paramref name="name"/>; the history entry written, or null when none was stored.</summary>
    public async Task<ParameterHistoryEntry?> DeleteAsync(string name, string changedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(changedBy);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginSerializedAsync(database.Dialect, WriteLockKey, cancellationToken);
        var old = await ValueAsync(transaction, name, cancellationToken);
        if (old is null)
            return null;
        await using (var delete = transaction.CreateCommand("DELETE FROM SystemParameters WHERE Name = @Name;"))
        {
            delete.AddParameter("@Name", name);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        var entry = await RecordAsync(transaction, name, ParameterActions.Delete, old, null, clock.GetUtcNow(), changedBy, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return entry;
    }

    /// <summary>The changes of <paramref name="name"/> (all parameters when null), newest first.</summary>
    public async Task<IReadOnlyList<ParameterHistoryEntry>> HistoryAsync(string? name, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {HistoryColumns} FROM SystemParameterHistory {(name is null ? "" : "WHERE Name = @Name ")}ORDER BY Seq DESC LIMIT @Limit;";
        if (name is not null)
            command.AddParameter("@Name", name);
        command.AddParameter("@Limit", limit);
        var entries = new List<ParameterHistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            entries.Add(ReadEntry(reader));
        return entries;
    }

    private static async Task<string?> ValueAsync(DbTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = transaction.CreateCommand("SELECT Value FROM SystemParameters WHERE Name = @Name;");
        command.AddParameter("@Name", name);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task<ParameterHistoryEntry> RecordAsync(
        DbTransaction transaction, string name, string action, string? oldValue, string? newValue, DateTimeOffset at, string by, CancellationToken cancellationToken)
    {
        await using var command = transaction.CreateCommand($"""
            INSERT INTO SystemParameterHistory (Name, Action, OldValue, NewValue, ChangedAt, ChangedBy)
            VALUES (@Name, @Action, @Old, @New, @At, @By)
            RETURNING {HistoryColumns};
            """);
        command.AddParameter("@Name", name);
        command.AddParameter("@Action", action);
        command.AddParameter("@Old", oldValue);
        command.AddParameter("@New", newValue);
        command.AddParameter("@At", at.UtcTicks);
        command.AddParameter("@By", by);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ReadEntry(reader);
    }

    private static ParameterHistoryEntry ReadEntry(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        Ticks(reader.GetInt64(5)),
        reader.GetString(6));

    private static DateTimeOffset Ticks(long ticks) => new(ticks, TimeSpan.Zero);
}
