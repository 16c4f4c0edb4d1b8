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
        var matched = 0;
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
        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = """
            UPDATE Pushes SET State = @State, Detail = @Detail, ReceiptAt = @ReceivedAt, UpdatedAt = @Now
            WHERE State = 'submitted' AND Serial = (
                SELECT Serial FROM Pushes
                WHERE MessageId = @MessageId AND Account = @Account AND State = 'submitted'
                  AND SubmittedAt <= @Latest AND SubmittedAt >= @Earliest
                ORDER BY SubmittedAt DESC LIMIT 1);
            """;
        var messageId = update.AddParameter("@MessageId");
        var account = update.AddParameter("@Account");
        var state = update.AddParameter("@State");
        var detail = update.AddParameter("@Detail");
        var latest = update.AddParameter("@Latest");
        var earliest = update.AddParameter("@Earliest");
        var matchedAt = update.AddParameter("@ReceivedAt");
        update.AddParameter("@Now", now.UtcTicks);
        await using var hold = connection.CreateCommand();
        hold.Transaction = transaction;
        hold.CommandText = """
            INSERT INTO HeldReceipts (ReceiptId, Candidate, Account, MessageId, State, Detail, ReceivedAt)
            VALUES (@ReceiptId, @Candidate, @Account, @MessageId, @State, @Detail, @ReceivedAt);
            """;
        var receiptId = hold.AddParameter("@ReceiptId");
        var candidate = hold.AddParameter("@Candidate");
        var heldAccount = hold.AddParameter("@Account");
        var heldMessageId = hold.AddParameter("@MessageId");
        var heldState = hold.AddParameter("@State");
        var heldDetail = hold.AddParameter("@Detail");
        var receivedAt = hold.AddParameter("@ReceivedAt");
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
            {
                matched++;
                continue;
            }
            receiptId.Value = Guid.NewGuid().ToString("N");
            heldAccount.Value = receipt.Account;
            heldMessageId.Value = receipt.MessageId;
            heldState.Value = receipt.State;
            heldDetail.Value = (object?)receipt.Detail ?? DBNull.Value;
            receivedAt.Value = receipt.ReceivedAt.UtcTicks;
            foreach (var id in Candidates(receipt))
            {
                candidate.Value = id;
                await hold.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return matched;
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
