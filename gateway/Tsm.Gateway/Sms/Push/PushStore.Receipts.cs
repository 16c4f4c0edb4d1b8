using System.Data.Common;
using Tsm.Gateway.Storage;
using Tsm.Protocol.Sms.Smpp;

namespace Tsm.Gateway.Sms.Push;

/// <summary>
/// Receipt matching (docs/sms.md, "Receipt matching"). An SMSC's message id names a message only within its account
/// and only for a while: SMSCs restart their counters and ids wrap, and reuse an id only once they are done with the
/// older message. So a receipt belongs to the latest push of its account and id whose submit went out before the
/// receipt came (give or take <see cref="PushOptions.ReceiptClockSkew"/>), within <see cref="PushOptions.ReceiptWindow"/>
/// before it, and only while that push awaits its receipt (<c>submitted</c>). The push may still be in flight, its
/// answer not recorded: then the receipt goes to an older push of that id awaiting one, if any, and moves to the
/// right push when its answer is recorded (PushStore.cs, <c>AfterRecord</c>); else it is held (table
/// <c>HeldReceipts</c>) until that answer is recorded, for at most <see cref="PushOptions.ReceiptHold"/>, then
/// dropped by <see cref="DropHeldReceiptsAsync"/>.
/// </summary>
public sealed partial class PushStore
{
    /// <summary>Applies final receipts in one transaction; returns how many matched a push at once (the rest are held).</summary>
    public async Task<int> ApplyReceiptsAsync(IReadOnlyCollection<PushReceipt> receipts, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        if (receipts.Count == 0)
            return 0;
        using var gate = await SqliteWriteGate.EnterAsync(Database, cancellationToken);
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (Database.Dialect == SqlDialect.PostgreSql)
        {
            await using var locking = connection.CreateCommand();
            locking.Transaction = transaction;
            locking.CommandText = ReceiptLock;
            await locking.ExecuteNonQueryAsync(cancellationToken);
        }
        var list = receipts as IReadOnlyList<PushReceipt> ?? [.. receipts];
        var matched = connection.CanCreateBatch
            ? await ApplyBatchedAsync(connection, transaction, list, now, cancellationToken)
            : await ApplyOneByOneAsync(connection, transaction, list, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return matched;
    }

    /// <summary>The update giving a receipt to the push it belongs to (one form of its id), if that push awaits it.</summary>
    private const string MatchReceipt = """
        UPDATE Pushes SET State = @State, Detail = @Detail, ReceiptAt = @ReceivedAt, UpdatedAt = @Now
        WHERE State = 'submitted' AND Serial = (
            SELECT Serial FROM Pushes
            WHERE MessageId = @MessageId AND Account = @Account AND State = 'submitted'
              AND SubmittedAt <= @Latest AND SubmittedAt >= @Earliest
            ORDER BY SubmittedAt DESC LIMIT 1);
        """;

    /// <summary>
    /// SQLite (in process: a statement costs no round trip): each receipt in turn tries the forms of its id, first
    /// match wins; a receipt no form matches is held under every form.
    /// </summary>
    private async Task<int> ApplyOneByOneAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<PushReceipt> receipts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var matched = 0;
        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = MatchReceipt;
        var messageId = update.AddParameter("@MessageId");
        var account = update.AddParameter("@Account");
        var state = update.AddParameter("@State");
        var detail = update.AddParameter("@Detail");
        var latest = update.AddParameter("@Latest");
        var earliest = update.AddParameter("@Earliest");
        var matchedAt = update.AddParameter("@ReceivedAt");
        update.AddParameter("@Now", now.UtcTicks);
        var unmatched = new List<PushReceipt>();
        foreach (var receipt in receipts)
        {
            account.Value = receipt.Account;
            state.Value = receipt.State;
            detail.Value = (object?)receipt.Detail ?? DBNull.Value;
            latest.Value = (receipt.ReceivedAt + _options.ReceiptClockSkew).UtcTicks;
            earliest.Value = (receipt.ReceivedAt - _options.ReceiptWindow).UtcTicks;
            matchedAt.Value = receipt.ReceivedAt.UtcTicks;
            var found = false;
            foreach (var id in Candidates(receipt))
            {
                messageId.Value = id;
                if (await update.ExecuteNonQueryAsync(cancellationToken) > 0)
                {
                    found = true;
                    break;
                }
            }
            if (found)
                matched++;
            else
                unmatched.Add(receipt);
        }
        foreach (var receipt in unmatched)
        {
            var receiptId = Guid.NewGuid().ToString("N");
            foreach (var id in Candidates(receipt))
            {
                await using var hold = connection.CreateCommand();
                hold.Transaction = transaction;
                hold.CommandText = HoldReceipt;
                AddHoldParameters(hold.AddParameter, receiptId, id, receipt);
                await hold.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        return matched;
    }

    /// <summary>
    /// PostgreSQL: the same in rounds of one batch each (one round trip), so the receipt lock is held briefly however
    /// many receipts the group has: round <i>n</i> tries the <i>n</i>-th form of the id of every receipt not matched yet,
    /// in the group's order (a later receipt sees what an earlier one took); then one batch holds the unmatched ones.
    /// Unlike one by one, a receipt's later form is tried after the earlier forms of the receipts after it: the two
    /// orders differ only for two receipts of one message (a duplicate), where either way one of them matches.
    /// </summary>
    private async Task<int> ApplyBatchedAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<PushReceipt> receipts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var forms = receipts.Select(r => Candidates(r).ToList()).ToList();
        var open = Enumerable.Range(0, receipts.Count).ToList();
        for (var round = 0; open.Count > 0 && open.Any(i => round < forms[i].Count); round++)
        {
            var tried = open.Where(i => round < forms[i].Count).ToList();
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var i in tried)
            {
                var receipt = receipts[i];
                var command = batch.CreateBatchCommand();
                command.CommandText = MatchReceipt;
                command.AddParameter("@MessageId", forms[i][round]);
                command.AddParameter("@Account", receipt.Account);
                command.AddParameter("@State", receipt.State);
                command.AddParameter("@Detail", receipt.Detail);
                command.AddParameter("@Latest", (receipt.ReceivedAt + _options.ReceiptClockSkew).UtcTicks);
                command.AddParameter("@Earliest", (receipt.ReceivedAt - _options.ReceiptWindow).UtcTicks);
                command.AddParameter("@ReceivedAt", receipt.ReceivedAt.UtcTicks);
                command.AddParameter("@Now", now.UtcTicks);
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
            var hit = tried.Where((_, n) => batch.BatchCommands[n].RecordsAffected > 0).ToHashSet();
            open.RemoveAll(hit.Contains);
        }
        if (open.Count > 0)
        {
            await using var holds = connection.CreateBatch();
            holds.Transaction = transaction;
            foreach (var i in open)
            {
                var receiptId = Guid.NewGuid().ToString("N");
                foreach (var id in forms[i])
                {
                    var command = holds.CreateBatchCommand();
                    command.CommandText = HoldReceipt;
                    AddHoldParameters(command.AddParameter, receiptId, id, receipts[i]);
                    holds.BatchCommands.Add(command);
                }
            }
            if (holds.BatchCommands.Count > 0)
                await holds.ExecuteNonQueryAsync(cancellationToken);
        }
        return receipts.Count - open.Count;
    }

    private const string HoldReceipt = """
        INSERT INTO HeldReceipts (ReceiptId, Candidate, Account, MessageId, State, Detail, ReceivedAt)
        VALUES (@ReceiptId, @Candidate, @Account, @MessageId, @State, @Detail, @ReceivedAt);
        """;

    private static void AddHoldParameters(Func<string, object?, DbParameter> add, string receiptId, string candidate, PushReceipt receipt)
    {
        add("@ReceiptId", receiptId);
        add("@Candidate", candidate);
        add("@Account", receipt.Account);
        add("@MessageId", receipt.MessageId);
        add("@State", receipt.State);
        add("@Detail", receipt.Detail);
        add("@ReceivedAt", receipt.ReceivedAt.UtcTicks);
    }

    /// <summary>Drops the held receipts received before <paramref name="receivedBefore"/>: no submit answer claimed them.</summary>
    public async Task<IReadOnlyList<HeldReceipt>> DropHeldReceiptsAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM HeldReceipts WHERE ReceivedAt < @Before RETURNING ReceiptId, Account, MessageId, State, ReceivedAt;";
        command.AddParameter("@Before", receivedBefore.UtcTicks);
        var dropped = new Dictionary<string, HeldReceipt>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            dropped.TryAdd(reader.GetString(0), new HeldReceipt(reader.GetString(1), reader.GetString(2), reader.GetString(3), new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero)));
        return [.. dropped.Values.OrderBy(r => r.ReceivedAt)];
    }

    /// <summary>
    /// The receipt's id as given first, then its other forms, each also normalized as the sender stores the submit's
    /// id (<see cref="SmppMessageIds.Normalize"/>: no padding zeros, upper case), each once.
    /// </summary>
    private static IEnumerable<string> Candidates(PushReceipt receipt) =>
        receipt.Candidates.Prepend(receipt.MessageId).SelectMany(id => new[] { id, SmppMessageIds.Normalize(id) })
            .Where(id => id.Length > 0).Distinct(StringComparer.Ordinal);
}
