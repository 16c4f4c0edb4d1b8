using System.Data.Common;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.ServiceProviders;

/// <summary>Where a callback is: waiting to be POSTed (or in doubt), acknowledged, or given up.</summary>
public static class SpCallbackStates
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}

/// <summary>One row of the callback outbox.</summary>
public sealed record SpCallbackRecord
{
    public required string EventId { get; init; }

    public required string Platform { get; init; }

    /// <summary>The JSON body, exactly the bytes that are signed and POSTed.</summary>
    public required string Body { get; init; }

    public required string State { get; init; }

    public int Attempts { get; init; }

    public DateTimeOffset NextAttemptAt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public string? Detail { get; init; }
}

/// <summary>What one POST gave.</summary>
public sealed record SpCallbackOutcome(string EventId, string State, DateTimeOffset NextAttemptAt, string? Detail);

/// <summary>
/// The callback outbox (Sqlite/06-SpCallbacks.sql, PostgreSql/07-SpCallbacks.sql), provider-neutral like the push
/// outbox: on PostgreSQL several silos share it, each taking due rows with row locks the others skip.
/// </summary>
public sealed class SpCallbackStore(IPlatformDatabase database)
{
    private const string Columns = "EventId, Platform, Body, State, Attempts, NextAttemptAt, CreatedAt, UpdatedAt, Detail";

    /// <summary>Stores a callback once: a second call for the same event changes nothing.</summary>
    public async Task AddAsync(string eventId, string platform, string body, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        const string Values = "(@EventId, @Platform, @Body, 'pending', 0, @Now, @Now, @Now, NULL)";
        command.CommandText = database.Dialect == SqlDialect.PostgreSql
            ? $"INSERT INTO SpCallbacks ({Columns}) VALUES {Values} ON CONFLICT (EventId) DO NOTHING;"
            : $"INSERT OR IGNORE INTO SpCallbacks ({Columns}) VALUES {Values};";
        command.AddParameter("@EventId", eventId);
        command.AddParameter("@Platform", platform);
        command.AddParameter("@Body", body);
        command.AddParameter("@Now", now.UtcTicks);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Takes up to <paramref name="max"/> due callbacks and leases them until <paramref name="inDoubtAt"/> (a sender
    /// that dies mid-POST leaves them to be taken again then), counting the attempt, in one transaction.
    /// </summary>
    public async Task<IReadOnlyList<SpCallbackRecord>> TakeDueAsync(DateTimeOffset now, DateTimeOffset inDoubtAt, int max, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due = new List<SpCallbackRecord>();
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = $"""
                SELECT {Columns} FROM SpCallbacks
                WHERE State = 'pending' AND NextAttemptAt <= @Now
                ORDER BY NextAttemptAt LIMIT @Max
                """ + (database.Dialect == SqlDialect.PostgreSql ? " FOR UPDATE SKIP LOCKED;" : ";");
            select.AddParameter("@Now", now.UtcTicks);
            select.AddParameter("@Max", max);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                due.Add(Read(reader));
        }
        await using (var lease = connection.CreateCommand())
        {
            lease.Transaction = transaction;
            lease.CommandText = "UPDATE SpCallbacks SET Attempts = Attempts + 1, NextAttemptAt = @InDoubtAt, UpdatedAt = @Now WHERE EventId = @EventId;";
            var eventId = lease.AddParameter("@EventId");
            lease.AddParameter("@InDoubtAt", inDoubtAt.UtcTicks);
            lease.AddParameter("@Now", now.UtcTicks);
            foreach (var callback in due)
            {
                eventId.Value = callback.EventId;
                await lease.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return [.. due.Select(c => c with { Attempts = c.Attempts + 1, NextAttemptAt = inDoubtAt })];
    }

    /// <summary>Records what the POSTs of a batch gave, in one transaction.</summary>
    public async Task RecordAsync(IReadOnlyCollection<SpCallbackOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 0)
            return;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE SpCallbacks SET State = @State, NextAttemptAt = @NextAttemptAt, Detail = @Detail, UpdatedAt = @Now
            WHERE EventId = @EventId AND State = 'pending';
            """;
        var eventId = command.AddParameter("@EventId");
        var state = command.AddParameter("@State");
        var next = command.AddParameter("@NextAttemptAt");
        var detail = command.AddParameter("@Detail");
        command.AddParameter("@Now", now.UtcTicks);
        foreach (var outcome in outcomes)
        {
            eventId.Value = outcome.EventId;
            state.Value = outcome.State;
            next.Value = outcome.NextAttemptAt.UtcTicks;
            detail.Value = (object?)outcome.Detail ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<SpCallbackRecord?> GetAsync(string eventId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM SpCallbacks WHERE EventId = @EventId;";
        command.AddParameter("@EventId", eventId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Callbacks in a state (all when null), the most recently changed first.</summary>
    public async Task<IReadOnlyList<SpCallbackRecord>> ListAsync(string? state, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
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
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
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
