using System.Data.Common;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Sms.Push;

/// <summary>Where a push is in its life (seed 5.8.5): stored, handed to a link, taken by the SMSC, then its receipt.</summary>
public static class PushStates
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Submitted = "submitted";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string Expired = "expired";
}

/// <summary>One wake-up push: what it is for, and how far its SMS got.</summary>
public sealed record PushRecord
{
    public required string Serial { get; init; }

    public required string SeId { get; init; }

    public required string Msisdn { get; init; }

    /// <summary>The operation the wallet is to run ("download", "delete", "lock", "sync" …).</summary>
    public required string Operation { get; init; }

    public string? ApplicationAid { get; init; }

    /// <summary>The task the push is for, when it was queued before the push (else the wallet's request starts one).</summary>
    public string? TaskId { get; init; }

    public required string RequestedBy { get; init; }

    public required string State { get; init; }

    public int Attempts { get; init; }

    public DateTimeOffset NextAttemptAt { get; init; }

    public string? MessageId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the wallet presented the serial.</summary>
    public DateTimeOffset? UsedAt { get; init; }

    public string? Detail { get; init; }
}

/// <summary>A delivery receipt for the push records: every form of its message id, and the push state it means.</summary>
public sealed record PushReceipt(IReadOnlyList<string> MessageIds, string State, string? Detail);

/// <summary>What the sender decided for one push after its submit.</summary>
public sealed record PushSendOutcome(string Serial, string State, DateTimeOffset NextAttemptAt, string? MessageId, string? Detail);

/// <summary>
/// The push records table (Sqlite/05-Sms.sql, PostgreSql/06-Sms.sql): the durable outbox of the push sender and the
/// push record at once. On PostgreSQL several silos share it: each takes due pushes with row locks it skips in the others.
/// </summary>
public sealed class PushStore(IPlatformDatabase database)
{
    private const string Columns =
        "Serial, SeId, Msisdn, Operation, ApplicationAid, TaskId, RequestedBy, State, Attempts, NextAttemptAt, MessageId, CreatedAt, ExpiresAt, UpdatedAt, UsedAt, Detail";

    /// <summary>Stores a new push; false when the serial exists already (the caller makes a new one).</summary>
    public async Task<bool> TryInsertAsync(PushRecord push, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(push);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        const string Values = "(@Serial, @SeId, @Msisdn, @Operation, @ApplicationAid, @TaskId, @RequestedBy, @State, 0, @NextAttemptAt, NULL, @CreatedAt, @ExpiresAt, @CreatedAt, NULL, NULL)";
        command.CommandText = database.Dialect == SqlDialect.PostgreSql
            ? $"INSERT INTO Pushes ({Columns}) VALUES {Values} ON CONFLICT (Serial) DO NOTHING;"
            : $"INSERT OR IGNORE INTO Pushes ({Columns}) VALUES {Values};";
        command.AddParameter("@Serial", push.Serial);
        command.AddParameter("@SeId", push.SeId);
        command.AddParameter("@Msisdn", push.Msisdn);
        command.AddParameter("@Operation", push.Operation);
        command.AddParameter("@ApplicationAid", (object?)push.ApplicationAid ?? DBNull.Value);
        command.AddParameter("@TaskId", (object?)push.TaskId ?? DBNull.Value);
        command.AddParameter("@RequestedBy", push.RequestedBy);
        command.AddParameter("@State", push.State);
        command.AddParameter("@NextAttemptAt", push.NextAttemptAt.UtcTicks);
        command.AddParameter("@CreatedAt", push.CreatedAt.UtcTicks);
        command.AddParameter("@ExpiresAt", push.ExpiresAt.UtcTicks);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<PushRecord?> GetAsync(string serial, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM Pushes WHERE Serial = @Serial;";
        command.AddParameter("@Serial", serial);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>
    /// Takes up to <paramref name="max"/> pushes that are due — pending, or handed to a link whose answer never came
    /// (in doubt) — and marks them sending until <paramref name="inDoubtAt"/>, in one transaction; pushes past their
    /// expiry are marked expired instead.
    /// </summary>
    public async Task<IReadOnlyList<PushRecord>> TakeDueAsync(DateTimeOffset now, DateTimeOffset inDoubtAt, int max, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var expire = connection.CreateCommand())
        {
            expire.Transaction = transaction;
            expire.CommandText = """
                UPDATE Pushes SET State = 'expired', UpdatedAt = @Now, Detail = 'expired before it could be sent'
                WHERE State IN ('pending', 'sending') AND ExpiresAt <= @Now;
                """;
            expire.AddParameter("@Now", now.UtcTicks);
            await expire.ExecuteNonQueryAsync(cancellationToken);
        }

        var due = new List<PushRecord>();
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = $"""
                SELECT {Columns} FROM Pushes
                WHERE State IN ('pending', 'sending') AND NextAttemptAt <= @Now
                ORDER BY NextAttemptAt LIMIT @Max
                """ + (database.Dialect == SqlDialect.PostgreSql ? " FOR UPDATE SKIP LOCKED;" : ";");
            select.AddParameter("@Now", now.UtcTicks);
            select.AddParameter("@Max", max);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                due.Add(Read(reader));
        }

        await using (var mark = connection.CreateCommand())
        {
            mark.Transaction = transaction;
            mark.CommandText = "UPDATE Pushes SET State = 'sending', Attempts = Attempts + 1, NextAttemptAt = @InDoubtAt, UpdatedAt = @Now WHERE Serial = @Serial;";
            var serial = mark.AddParameter("@Serial");
            mark.AddParameter("@InDoubtAt", inDoubtAt.UtcTicks);
            mark.AddParameter("@Now", now.UtcTicks);
            foreach (var push in due)
            {
                serial.Value = push.Serial;
                await mark.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return due.Select(p => p with { State = PushStates.Sending, Attempts = p.Attempts + 1, NextAttemptAt = inDoubtAt }).ToList();
    }

    /// <summary>Records what the submits of a batch gave, in one transaction (rows a receipt has overtaken keep it).</summary>
    public async Task RecordSendsAsync(IReadOnlyCollection<PushSendOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 0)
            return;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE Pushes SET State = @State, NextAttemptAt = @NextAttemptAt, MessageId = COALESCE(@MessageId, MessageId), Detail = @Detail, UpdatedAt = @Now
            WHERE Serial = @Serial AND State = 'sending';
            """;
        var serial = command.AddParameter("@Serial");
        var state = command.AddParameter("@State");
        var next = command.AddParameter("@NextAttemptAt");
        var messageId = command.AddParameter("@MessageId");
        var detail = command.AddParameter("@Detail");
        command.AddParameter("@Now", now.UtcTicks);
        foreach (var outcome in outcomes)
        {
            serial.Value = outcome.Serial;
            state.Value = outcome.State;
            next.Value = outcome.NextAttemptAt.UtcTicks;
            messageId.Value = (object?)outcome.MessageId ?? DBNull.Value;
            detail.Value = (object?)outcome.Detail ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var early = connection.CreateCommand())
        {
            // Receipts that came before these answers were recorded.
            early.Transaction = transaction;
            early.CommandText = """
                UPDATE Pushes SET State = e.State, Detail = e.Detail, UpdatedAt = @Now
                FROM EarlyReceipts AS e WHERE e.Candidate = Pushes.MessageId AND Pushes.Serial = @Serial AND Pushes.State = 'submitted';
                DELETE FROM EarlyReceipts WHERE ReceiptId IN
                    (SELECT e.ReceiptId FROM EarlyReceipts AS e JOIN Pushes AS p ON e.Candidate = p.MessageId WHERE p.Serial = @Serial);
                """;
            var serialOf = early.AddParameter("@Serial");
            early.AddParameter("@Now", now.UtcTicks);
            foreach (var outcome in outcomes.Where(o => o.MessageId is not null))
            {
                serialOf.Value = outcome.Serial;
                await early.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Applies delivery receipts in one transaction, matching any form of each receipt's message id. A receipt that
    /// matches no push yet (it overtook the record of its own submit answer) is kept as an early receipt, which
    /// <see cref="RecordSendsAsync"/> applies when that answer is recorded. Returns how many matched at once.
    /// </summary>
    public async Task<int> ApplyReceiptsAsync(IReadOnlyCollection<PushReceipt> receipts, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        if (receipts.Count == 0)
            return 0;
        var matched = 0;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = """
            UPDATE Pushes SET State = @State, Detail = @Detail, UpdatedAt = @Now
            WHERE MessageId = @MessageId AND State IN ('submitted', 'sending', 'pending', 'delivered', 'failed');
            """;
        var messageId = update.AddParameter("@MessageId");
        var state = update.AddParameter("@State");
        var detail = update.AddParameter("@Detail");
        update.AddParameter("@Now", now.UtcTicks);
        await using var early = connection.CreateCommand();
        early.Transaction = transaction;
        early.CommandText = database.Dialect == SqlDialect.PostgreSql
            ? """
              INSERT INTO EarlyReceipts (Candidate, ReceiptId, State, Detail, ReceivedAt)
              VALUES (@Candidate, @ReceiptId, @State, @Detail, @Now)
              ON CONFLICT (Candidate) DO UPDATE SET
                  ReceiptId = excluded.ReceiptId, State = excluded.State, Detail = excluded.Detail, ReceivedAt = excluded.ReceivedAt;
              """
            : """
              INSERT OR REPLACE INTO EarlyReceipts (Candidate, ReceiptId, State, Detail, ReceivedAt)
              VALUES (@Candidate, @ReceiptId, @State, @Detail, @Now);
              """;
        var candidate = early.AddParameter("@Candidate");
        var receiptId = early.AddParameter("@ReceiptId");
        var earlyState = early.AddParameter("@State");
        var earlyDetail = early.AddParameter("@Detail");
        early.AddParameter("@Now", now.UtcTicks);
        foreach (var receipt in receipts)
        {
            state.Value = receipt.State;
            detail.Value = (object?)receipt.Detail ?? DBNull.Value;
            var found = false;
            foreach (var id in receipt.MessageIds)
            {
                messageId.Value = id;
                if (await update.ExecuteNonQueryAsync(cancellationToken) > 0)
                {
                    found = true;
                    break;
                }
            }
            if (found)
            {
                matched++;
                continue;
            }
            receiptId.Value = Guid.NewGuid().ToString("N");
            earlyState.Value = receipt.State;
            earlyDetail.Value = (object?)receipt.Detail ?? DBNull.Value;
            foreach (var id in receipt.MessageIds)
            {
                candidate.Value = id;
                await early.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return matched;
    }

    /// <summary>
    /// Marks the push used by the wallet with the task it runs, once: returns the task id recorded (this one, or the
    /// one an earlier presentation recorded).
    /// </summary>
    public async Task<string?> MarkUsedAsync(string serial, string taskId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE Pushes SET UsedAt = COALESCE(UsedAt, @Now), TaskId = COALESCE(TaskId, @TaskId), UpdatedAt = @Now WHERE Serial = @Serial
            RETURNING TaskId;
            """;
        command.AddParameter("@Serial", serial);
        command.AddParameter("@TaskId", taskId);
        command.AddParameter("@Now", now.UtcTicks);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Pushes in one state (any state when null), oldest first.</summary>
    public async Task<IReadOnlyList<PushRecord>> ListAsync(string? state, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = state is null
            ? $"SELECT {Columns} FROM Pushes ORDER BY CreatedAt LIMIT @Limit;"
            : $"SELECT {Columns} FROM Pushes WHERE State = @State ORDER BY CreatedAt LIMIT @Limit;";
        command.AddParameter("@Limit", limit);
        if (state is not null)
            command.AddParameter("@State", state);
        var pushes = new List<PushRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            pushes.Add(Read(reader));
        return pushes;
    }

    /// <summary>How many pushes are in each state.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByStateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT State, COUNT(*) FROM Pushes GROUP BY State;";
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    private static PushRecord Read(DbDataReader reader) => new()
    {
        Serial = reader.GetString(0),
        SeId = reader.GetString(1),
        Msisdn = reader.GetString(2),
        Operation = reader.GetString(3),
        ApplicationAid = reader.IsDBNull(4) ? null : reader.GetString(4),
        TaskId = reader.IsDBNull(5) ? null : reader.GetString(5),
        RequestedBy = reader.GetString(6),
        State = reader.GetString(7),
        Attempts = reader.GetInt32(8),
        NextAttemptAt = Ticks(reader.GetInt64(9)),
        MessageId = reader.IsDBNull(10) ? null : reader.GetString(10),
        CreatedAt = Ticks(reader.GetInt64(11)),
        ExpiresAt = Ticks(reader.GetInt64(12)),
        UpdatedAt = Ticks(reader.GetInt64(13)),
        UsedAt = reader.IsDBNull(14) ? null : Ticks(reader.GetInt64(14)),
        Detail = reader.IsDBNull(15) ? null : reader.GetString(15),
    };

    private static DateTimeOffset Ticks(long ticks) => new(ticks, TimeSpan.Zero);
}
