using System.Data.Common;
using Tsm.Gateway.Outbox;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Sms.Push;

/// <summary>
/// The push records table (Sqlite/05-Sms.sql, PostgreSql/06-Sms.sql): the durable outbox of the push sender and the
/// push record at once. On PostgreSQL several silos share it: each takes due pushes with row locks it skips in the others.
/// </summary>
public sealed class PushStore(IPlatformDatabase database) : SqlOutbox<PushRecord>(database, Table)
{
    private const string Columns =
        "Serial, SeId, Msisdn, Operation, ApplicationAid, TaskId, RequestedBy, State, Attempts, NextAttemptAt, MessageId, CreatedAt, ExpiresAt, UpdatedAt, UsedAt, Detail";

    /// <summary>
    /// The table as an outbox: pending, sending while leased (until the SMSC's answer is overdue), then submitted with
    /// the SMSC's message id, or failed. Pushes past their validity are expired before due ones are taken; recording
    /// an answer applies the receipts that overtook it (table <c>EarlyReceipts</c>).
    /// </summary>
    private static readonly OutboxTable<PushRecord> Table = new()
    {
        Name = "Pushes",
        KeyColumn = "Serial",
        Columns = Columns,
        Read = Read,
        States = new OutboxStates(PushStates.Pending, PushStates.Sending, PushStates.Submitted, PushStates.Failed),
        ReferenceColumn = "MessageId",
        BeforeTake = """
            UPDATE Pushes SET State = 'expired', UpdatedAt = @Now, Detail = 'expired before it could be sent'
            WHERE State IN ('pending', 'sending') AND ExpiresAt <= @Now;
            """,
        AfterRecord = """
            UPDATE Pushes SET State = e.State, Detail = e.Detail, UpdatedAt = @Now
            FROM EarlyReceipts AS e WHERE e.Candidate = Pushes.MessageId AND Pushes.Serial = @Key AND Pushes.State = 'submitted';
            DELETE FROM EarlyReceipts WHERE ReceiptId IN
                (SELECT e.ReceiptId FROM EarlyReceipts AS e JOIN Pushes AS p ON e.Candidate = p.MessageId WHERE p.Serial = @Key);
            """,
    };

    /// <summary>Stores a new push; false when the serial exists already (the caller makes a new one).</summary>
    public async Task<bool> TryInsertAsync(PushRecord push, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(push);
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        const string Values = "(@Serial, @SeId, @Msisdn, @Operation, @ApplicationAid, @TaskId, @RequestedBy, @State, 0, @NextAttemptAt, NULL, @CreatedAt, @ExpiresAt, @CreatedAt, NULL, NULL)";
        command.CommandText = Database.Dialect == SqlDialect.PostgreSql
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
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM Pushes WHERE Serial = @Serial;";
        command.AddParameter("@Serial", serial);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>
    /// Applies delivery receipts in one transaction, matching any form of each receipt's message id. A receipt that
    /// matches no push yet (it overtook the record of its own submit answer) is kept as an early receipt, which
    /// <see cref="SqlOutbox{TItem}.RecordAsync"/> applies when that answer is recorded. Returns how many matched at once.
    /// </summary>
    public async Task<int> ApplyReceiptsAsync(IReadOnlyCollection<PushReceipt> receipts, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        if (receipts.Count == 0)
            return 0;
        var matched = 0;
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
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
        early.CommandText = Database.Dialect == SqlDialect.PostgreSql
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
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
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
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
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
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
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
