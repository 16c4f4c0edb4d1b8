using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Outbox;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Sms.Push;

/// <summary>
/// The push records table (Sqlite/05-Sms.sql, PostgreSql/06-Sms.sql, and the receipt-matching scripts
/// Sqlite/16, PostgreSql/17): the durable outbox of the push sender and the push record at once. On PostgreSQL several
/// silos share it: each takes due pushes with row locks it skips in the others. Receipts: PushStore.Receipts.cs.
/// </summary>
public sealed partial class PushStore(IPlatformDatabase database, IOptions<PushOptions>? options = null)
    : SqlOutbox<PushRecord>(database, TableFor(options?.Value ?? new PushOptions(), database?.Dialect ?? SqlDialect.Sqlite))
{
    /// <summary>
    /// On PostgreSQL, recording submit answers and applying receipts take this transaction lock first, on every silo:
    /// under read committed, a receipt held while an answer for its id is being recorded would otherwise miss it (each
    /// transaction blind to the other's rows). SQLite serializes writers already.
    /// </summary>
    private const string ReceiptLock = "SELECT pg_advisory_xact_lock(5080151);";

    private const string Columns =
        "Serial, SeId, Msisdn, Operation, ApplicationAid, TaskId, RequestedBy, State, Attempts, NextAttemptAt, MessageId, CreatedAt, ExpiresAt, UpdatedAt, UsedAt, Detail, Account, SubmittedAt, ReceiptAt, TraceParent";

    /// <summary>Rows per INSERT statement (12 parameters each, well under either database's limit).</summary>
    private const int InsertRows = 256;

    /// <summary>The most pushes one insert transaction takes.</summary>
    private const int InsertGroup = 2048;

    private readonly PushOptions _options = options?.Value ?? new PushOptions();
    private GroupCommit<PushRecord, bool>? _insertGroups;

    private GroupCommit<PushRecord, bool> Inserts => LazyInitializer.EnsureInitialized(ref _insertGroups, () => new(InsertAllAsync, InsertGroup));

    /// <summary>
    /// The table as an outbox: pending, sending while leased (until the SMSC's answer is overdue), then submitted with
    /// the SMSC's message id and the account that gave it, or failed. Pushes past their validity are expired before
    /// due ones are taken. Recording a submit answer notes when the submit went out (a done outcome's
    /// <c>NextAttemptAt</c> is its attempt's start), then gives the push the receipts that are its own though they came
    /// before the answer was recorded (see PushStore.Receipts.cs): one an older push of the same account and id took
    /// after this submit went out, or one held for it.
    /// </summary>
    private static OutboxTable<PushRecord> TableFor(PushOptions options, SqlDialect dialect)
    {
        // The receipt may be received on another gateway, whose clock may be behind by up to the skew.
        var skew = options.ReceiptClockSkew.Ticks.ToString(CultureInfo.InvariantCulture);
        // Moving a receipt away from a push that took it asks for more than holding one: no clock skew, or a receipt an
        // older push had just before a quick SMSC restart would move to the first new push given its id.
        const string older = """
            FROM Pushes AS o JOIN Pushes AS n ON o.Account = n.Account AND o.MessageId = n.MessageId
            WHERE n.Serial = @Key AND o.Serial <> n.Serial AND o.SubmittedAt < n.SubmittedAt AND o.ReceiptAt >= n.SubmittedAt
            """;
        var held = $"""
            FROM HeldReceipts AS h JOIN Pushes AS p ON h.Candidate = p.MessageId AND h.Account = p.Account
            WHERE p.Serial = @Key AND h.ReceivedAt >= p.SubmittedAt - {skew}
            """;
        return new()
        {
            Name = "Pushes",
            KeyColumn = "Serial",
            Columns = Columns,
            Read = Read,
            States = new OutboxStates(PushStates.Pending, PushStates.Sending, PushStates.Submitted, PushStates.Failed),
            ReferenceColumn = "MessageId",
            ScopeColumn = "Account",
            BeforeRecord = dialect == SqlDialect.PostgreSql ? ReceiptLock : null,
            BeforeTake = """
                UPDATE Pushes SET State = 'expired', UpdatedAt = @Now, Detail = 'expired before it could be sent'
                WHERE State IN ('pending', 'sending') AND ExpiresAt <= @Now;
                """,
            AfterRecordAll = "UPDATE Pushes SET SubmittedAt = NextAttemptAt WHERE Serial IN ({Keys}) AND State = 'submitted';",
            // Receipts that overtook their submit answer are rare (an SMSC restart, a receipt faster than the round):
            // the statements that give them to their push run only when one of the batch's pushes has one.
            AfterRecordNeeded = $"""
                SELECT n.Serial FROM Pushes AS n WHERE n.Serial IN ({"{Keys}"}) AND (
                    EXISTS (SELECT 1 FROM Pushes AS o WHERE o.Account = n.Account AND o.MessageId = n.MessageId AND o.Serial <> n.Serial
                            AND o.SubmittedAt < n.SubmittedAt AND o.ReceiptAt >= n.SubmittedAt)
                    OR EXISTS (SELECT 1 FROM HeldReceipts AS h WHERE h.Candidate = n.MessageId AND h.Account = n.Account AND h.ReceivedAt >= n.SubmittedAt - {skew}))
                ;
                """,
            AfterRecord = $"""
                UPDATE Pushes SET State = o.State, Detail = o.Detail, ReceiptAt = o.ReceiptAt, UpdatedAt = @Now
                FROM (SELECT o.State, o.Detail, o.ReceiptAt {older} ORDER BY o.ReceiptAt DESC LIMIT 1) AS o
                WHERE Pushes.Serial = @Key AND Pushes.State = 'submitted';
                UPDATE Pushes SET State = 'submitted', Detail = 'its receipt was for a later push with the same message id', ReceiptAt = NULL, UpdatedAt = @Now
                WHERE Serial IN (SELECT o.Serial {older});
                UPDATE Pushes SET State = r.State, Detail = r.Detail, ReceiptAt = r.ReceivedAt, UpdatedAt = @Now
                FROM (SELECT h.State, h.Detail, h.ReceivedAt {held} ORDER BY h.ReceivedAt DESC LIMIT 1) AS r
                WHERE Pushes.Serial = @Key AND Pushes.State = 'submitted';
                DELETE FROM HeldReceipts WHERE ReceiptId IN (SELECT h.ReceiptId {held});
                """,
        };
    }

    /// <summary>
    /// Stores a new push; false when the serial exists already (the caller makes a new one). Pushes stored at the same
    /// time are written together (<see cref="GroupCommit{TItem, TResult}"/>): the task completes once the push's group
    /// has committed, so a push is acknowledged only once it is durable.
    /// </summary>
    public Task<bool> TryInsertAsync(PushRecord push, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(push);
        return Inserts.WriteAsync(push, cancellationToken);
    }

    /// <summary>
    /// Stores pushes in one transaction, in multi-row inserts: true for each push stored, false for one whose serial
    /// exists already (or came earlier in the same group).
    /// </summary>
    public async Task<IReadOnlyList<bool>> InsertAllAsync(IReadOnlyList<PushRecord> pushes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pushes);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        using var gate = await SqliteWriteGate.EnterAsync(Database, cancellationToken);
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        for (var offset = 0; offset < pushes.Count; offset += InsertRows)
        {
            var rows = pushes.Skip(offset).Take(InsertRows).ToList();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var values = new System.Text.StringBuilder();
            for (var i = 0; i < rows.Count; i++)
            {
                var push = rows[i];
                values.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture,
                    $"(@S{i}, @E{i}, @M{i}, @O{i}, @A{i}, @T{i}, @R{i}, @P{i}, 0, @N{i}, NULL, @C{i}, @X{i}, @C{i}, NULL, NULL, NULL, NULL, NULL, @G{i})");
                command.AddParameter($"@S{i}", push.Serial);
                command.AddParameter($"@E{i}", push.SeId);
                command.AddParameter($"@M{i}", push.Msisdn);
                command.AddParameter($"@O{i}", push.Operation);
                command.AddParameter($"@A{i}", (object?)push.ApplicationAid ?? DBNull.Value);
                command.AddParameter($"@T{i}", (object?)push.TaskId ?? DBNull.Value);
                command.AddParameter($"@R{i}", push.RequestedBy);
                command.AddParameter($"@P{i}", push.State);
                command.AddParameter($"@N{i}", push.NextAttemptAt.UtcTicks);
                command.AddParameter($"@C{i}", push.CreatedAt.UtcTicks);
                command.AddParameter($"@X{i}", push.ExpiresAt.UtcTicks);
                command.AddParameter($"@G{i}", (object?)push.TraceParent ?? DBNull.Value);
            }
            command.CommandText = Database.Dialect == SqlDialect.PostgreSql
                ? $"INSERT INTO Pushes ({Columns}) VALUES {values} ON CONFLICT (Serial) DO NOTHING RETURNING Serial;"
                : $"INSERT OR IGNORE INTO Pushes ({Columns}) VALUES {values} RETURNING Serial;";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                stored.Add(reader.GetString(0));
        }
        await transaction.CommitAsync(cancellationToken);
        // A serial twice in one group (a request run twice at once) is stored for its first caller only.
        return [.. pushes.Select(p => stored.Remove(p.Serial))];
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
        Account = reader.IsDBNull(16) ? null : reader.GetString(16),
        SubmittedAt = reader.IsDBNull(17) ? null : Ticks(reader.GetInt64(17)),
        ReceiptAt = reader.IsDBNull(18) ? null : Ticks(reader.GetInt64(18)),
        TraceParent = reader.IsDBNull(19) ? null : reader.GetString(19),
    };

    private static DateTimeOffset Ticks(long ticks) => new(ticks, TimeSpan.Zero);
}
