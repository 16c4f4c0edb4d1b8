using System.Data.Common;
using Tsm.Gateway.Outbox;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.ServiceProviders;

/// <summary>
/// The callback outbox (Sqlite/06-SpCallbacks.sql, PostgreSql/07-SpCallbacks.sql), provider-neutral like the push
/// outbox: on PostgreSQL several silos share it, each taking due rows with row locks the others skip.
/// </summary>
public sealed class SpCallbackStore(IPlatformDatabase database) : SqlOutbox<SpCallbackRecord>(database, Table)
{
    private const string Columns = "EventId, Platform, Body, State, Attempts, NextAttemptAt, CreatedAt, UpdatedAt, Detail";

    /// <summary>The table as an outbox: a leased callback stays pending, its lease the time it is due again.</summary>
    private static readonly OutboxTable<SpCallbackRecord> Table = new()
    {
        Name = "SpCallbacks",
        KeyColumn = "EventId",
        Columns = Columns,
        Read = Read,
        States = new OutboxStates(SpCallbackStates.Pending, SpCallbackStates.Pending, SpCallbackStates.Delivered, SpCallbackStates.Failed),
    };

    /// <summary>Stores a callback once: a second call for the same event changes nothing.</summary>
    public async Task AddAsync(string eventId, string platform, string body, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        const string Values = "(@EventId, @Platform, @Body, 'pending', 0, @Now, @Now, @Now, NULL)";
        command.CommandText = Database.Dialect == SqlDialect.PostgreSql
            ? $"INSERT INTO SpCallbacks ({Columns}) VALUES {Values} ON CONFLICT (EventId) DO NOTHING;"
            : $"INSERT OR IGNORE INTO SpCallbacks ({Columns}) VALUES {Values};";
        command.AddParameter("@EventId", eventId);
        command.AddParameter("@Platform", platform);
        command.AddParameter("@Body", body);
        command.AddParameter("@Now", now.UtcTicks);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<SpCallbackRecord?> GetAsync(string eventId, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM SpCallbacks WHERE EventId = @EventId;";
        command.AddParameter("@EventId", eventId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Callbacks in a state (all when null), the most recently changed first.</summary>
    public async Task<IReadOnlyList<SpCallbackRecord>> ListAsync(string? state, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM SpCallbacks {(state is null ? "" : "WHERE State = @State ")}ORDER BY UpdatedAt DESC LIMIT @Limit;";
        if (state is not null)
            command.AddParameter("@State", state);
        command.AddParameter("@Limit", limit);
        var callbacks = new List<SpCallbackRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            callbacks.Add(Read(reader));
        return callbacks;
    }

    /// <summary>A callback given up on (failed) is pending again, due now, its attempts counted afresh; false when it is not failed.</summary>
    public async Task<bool> RequeueAsync(string eventId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE SpCallbacks SET State = 'pending', Attempts = 0, NextAttemptAt = @Now, Detail = NULL, UpdatedAt = @Now
            WHERE EventId = @EventId AND State = 'failed';
            """;
        command.AddParameter("@EventId", eventId);
        command.AddParameter("@Now", now.UtcTicks);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static SpCallbackRecord Read(DbDataReader reader) => new()
    {
        EventId = reader.GetString(0),
        Platform = reader.GetString(1),
        Body = reader.GetString(2),
        State = reader.GetString(3),
        Attempts = reader.GetInt32(4),
        NextAttemptAt = Ticks(reader.GetInt64(5)),
        CreatedAt = Ticks(reader.GetInt64(6)),
        UpdatedAt = Ticks(reader.GetInt64(7)),
        Detail = reader.IsDBNull(8) ? null : reader.GetString(8),
    };

    private static DateTimeOffset Ticks(long ticks) => new(ticks, TimeSpan.Zero);
}
