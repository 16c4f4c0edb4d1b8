using Tsm.Gateway.Outbox;
using Tsm.Gateway.Sms.Push;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Tests.Storage;

public sealed class SqliteReceiptMatchingTests : ReceiptMatchingCases
{
    protected override SqlDialect Dialect => SqlDialect.Sqlite;
}

public sealed class PostgresReceiptMatchingTests : ReceiptMatchingCases
{
    protected override SqlDialect Dialect => SqlDialect.PostgreSql;
}

/// <summary>
/// Receipt matching (docs/sms.md, "Receipt matching") on both profiles: an SMSC that restarts its message ids at 1, or
/// whose ids wrap, with the receipts before, while and after the submit answers are recorded. The clock is moved by hand.
/// </summary>
public abstract class ReceiptMatchingCases : PlatformDatabaseCases
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private PushStore NewStore() => new(Database, Microsoft.Extensions.Options.Options.Create(new PushOptions
    {
        ReceiptWindow = TimeSpan.FromHours(1),
        ReceiptHold = TimeSpan.FromMinutes(5),
        ReceiptClockSkew = TimeSpan.FromSeconds(1),
    }));

    private static PushRecord Push(string serial) => new()
    {
        Serial = serial,
        SeId = "SE-" + serial,
        Msisdn = "13800000001",
        Operation = "sync",
        RequestedBy = "ops",
        State = PushStates.Pending,
        NextAttemptAt = T0,
        CreatedAt = T0,
        ExpiresAt = T0.AddDays(2),
        UpdatedAt = T0,
    };

    /// <summary>Stores a push and takes it at <paramref name="sentAt"/>: its submit goes out then.</summary>
    private static async Task SendAsync(PushStore store, string serial, DateTimeOffset sentAt)
    {
        Assert.True(await store.TryInsertAsync(Push(serial)));
        Assert.Contains(await store.TakeDueAsync(sentAt, sentAt.AddSeconds(30), max: 100), p => p.Serial == serial);
    }

    /// <summary>Records the SMSC's answer (as the outbox worker does: a done outcome's time is its attempt's start).</summary>
    private static Task AnswerAsync(PushStore store, string serial, string account, string messageId, DateTimeOffset sentAt, DateTimeOffset recordedAt) =>
        store.RecordAsync([new OutboxOutcome(serial, PushStates.Submitted, sentAt, null, messageId, account)], recordedAt);

    private static async Task SubmitAsync(PushStore store, string serial, string account, string messageId, DateTimeOffset sentAt)
    {
        await SendAsync(store, serial, sentAt);
        await AnswerAsync(store, serial, account, messageId, sentAt, sentAt.AddMilliseconds(50));
    }

    private static PushReceipt Receipt(string account, string messageId, DateTimeOffset receivedAt, bool delivered = true) =>
        new(account, messageId, [messageId], delivered ? PushStates.Delivered : PushStates.Failed, delivered ? "DELIVRD" : "UNDELIV", receivedAt);

    private static async Task<string> StateOf(PushStore store, string serial) => (await store.GetAsync(serial))!.State;

    [SkippableFact]
    public async Task A_receipt_matches_only_a_push_of_its_own_account()
    {
        var store = NewStore();
        await SubmitAsync(store, "A1", "smsc-a", "1", T0);
        await SubmitAsync(store, "B1", "smsc-b", "1", T0);

        Assert.Equal(1, await store.ApplyReceiptsAsync([Receipt("smsc-b", "1", T0.AddSeconds(1), delivered: false)], T0.AddSeconds(1)));
        Assert.Equal(PushStates.Submitted, await StateOf(store, "A1"));
        var b1 = (await store.GetAsync("B1"))!;
        Assert.Equal((PushStates.Failed, "smsc-b", T0, T0.AddSeconds(1)), (b1.State, b1.Account, b1.SubmittedAt, b1.ReceiptAt));
    }

    [SkippableFact]
    public async Task A_receipt_never_changes_a_push_that_has_its_final_state_or_was_submitted_before_the_window()
    {
        var store = NewStore();
        await SubmitAsync(store, "OLD", "smsc", "7", T0);
        await SubmitAsync(store, "DONE", "smsc", "8", T0.AddMinutes(30));
        Assert.Equal(1, await store.ApplyReceiptsAsync([Receipt("smsc", "8", T0.AddMinutes(31))], T0.AddMinutes(31)));

        // Two hours on: OLD (id 7) is outside the one-hour window; DONE (id 8) has its receipt already.
        var late = T0.AddHours(2);
        Assert.Equal(0, await store.ApplyReceiptsAsync([Receipt("smsc", "7", late, delivered: false), Receipt("smsc", "8", late, delivered: false)], late));
        Assert.Equal(PushStates.Submitted, await StateOf(store, "OLD"));
        Assert.Equal(PushStates.Delivered, await StateOf(store, "DONE"));

        // Both were held for a submit answer that never came, and are dropped after the hold.
        Assert.Empty(await store.DropHeldReceiptsAsync(late));
        var dropped = await store.DropHeldReceiptsAsync(late.AddMinutes(5).AddTicks(1));
        Assert.Equal(["7", "8"], dropped.Select(d => d.MessageId).Order(StringComparer.Ordinal));
        Assert.All(dropped, d => Assert.Equal(("smsc", PushStates.Failed, late), (d.Account, d.State, d.ReceivedAt)));
        Assert.Empty(await store.DropHeldReceiptsAsync(late.AddHours(1)));
    }

    [SkippableFact]
    public async Task A_receipt_that_overtakes_its_submit_answer_is_held_and_applied_when_the_answer_is_recorded()
    {
        var store = NewStore();
        var sent = T0.AddSeconds(10);
        await SendAsync(store, "P1", sent);
        Assert.Equal(0, await store.ApplyReceiptsAsync([Receipt("smsc", "42", sent.AddMilliseconds(20), delivered: false)], sent.AddMilliseconds(20)));
        Assert.Equal(PushStates.Sending, await StateOf(store, "P1"));

        await AnswerAsync(store, "P1", "smsc", "42", sent, sent.AddMilliseconds(100));
        var p1 = (await store.GetAsync("P1"))!;
        Assert.Equal((PushStates.Failed, "UNDELIV", sent.AddMilliseconds(20)), (p1.State, p1.Detail, p1.ReceiptAt));
        Assert.Empty(await store.DropHeldReceiptsAsync(T0.AddDays(1)));
    }

    [SkippableFact]
    public async Task A_stale_receipt_held_for_an_unknown_id_never_touches_a_push_that_gets_the_id_later()
    {
        var store = NewStore();
        var stale = T0.AddSeconds(5);
        Assert.Equal(0, await store.ApplyReceiptsAsync([Receipt("smsc", "9", stale, delivered: false)], stale));

        // A minute later a new push gets id 9: the receipt came before its submit went out, so it is not its receipt.
        await SubmitAsync(store, "NEW", "smsc", "9", stale.AddMinutes(1));
        Assert.Equal(PushStates.Submitted, await StateOf(store, "NEW"));
        Assert.Single(await store.DropHeldReceiptsAsync(stale.AddMinutes(10)));
        Assert.Equal(1, await store.ApplyReceiptsAsync([Receipt("smsc", "9", stale.AddMinutes(2))], stale.AddMinutes(2)));
        Assert.Equal(PushStates.Delivered, await StateOf(store, "NEW"));
    }

    /// <summary>
    /// The SMSC restarts with ids from 1 again. Before it: O1 was delivered, O2 and O3 awaited receipts the restart lost.
    /// After it, N1–N3 get ids 1–3 again and their receipts (N2's a failure) come in every order, each either before or
    /// after the answer of its own submit is recorded. Old pushes never change; each new one gets its own receipt.
    /// </summary>
    [SkippableFact]
    public async Task Ids_restarting_at_1_after_an_SMSC_restart_never_touch_older_pushes_whatever_the_order()
    {
        var store = NewStore();
        var orders = new[] { new[] { 0, 1, 2 }, [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0] };
        var run = 0;
        foreach (var order in orders)
        {
            foreach (var early in new[] { false, true })
            {
                var account = $"smsc-{run}";
                var start = T0.AddMinutes(run++);
                await SubmitAsync(store, $"{account}-O1", account, "1", start);
                await SubmitAsync(store, $"{account}-O2", account, "2", start);
                await SubmitAsync(store, $"{account}-O3", account, "3", start);
                Assert.Equal(1, await store.ApplyReceiptsAsync([Receipt(account, "1", start.AddSeconds(1))], start.AddSeconds(1)));

                // Restarted: the new pushes go out, then their receipts come (before their answers are recorded, or after).
                var sent = start.AddSeconds(10);
                foreach (var n in new[] { 1, 2, 3 })
                    await SendAsync(store, $"{account}-N{n}", sent);
                if (!early)
                {
                    foreach (var n in new[] { 1, 2, 3 })
                        await AnswerAsync(store, $"{account}-N{n}", account, n.ToString(System.Globalization.CultureInfo.InvariantCulture), sent, sent.AddMilliseconds(10));
                }
                var at = sent.AddMilliseconds(20);
                foreach (var i in order)
                {
                    at = at.AddMilliseconds(5);
                    var id = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await store.ApplyReceiptsAsync([Receipt(account, id, at, delivered: id != "2")], at);
                }
                if (early)
                {
                    foreach (var n in order.Select(i => i + 1))
                        await AnswerAsync(store, $"{account}-N{n}", account, n.ToString(System.Globalization.CultureInfo.InvariantCulture), sent, at.AddMilliseconds(10));
                }

                var because = $"order {string.Join(",", order)}, receipts {(early ? "before" : "after")} the answers";
                Assert.True(
                    (PushStates.Delivered, PushStates.Submitted, PushStates.Submitted, PushStates.Delivered, PushStates.Failed, PushStates.Delivered) ==
                    (await StateOf(store, $"{account}-O1"), await StateOf(store, $"{account}-O2"), await StateOf(store, $"{account}-O3"),
                     await StateOf(store, $"{account}-N1"), await StateOf(store, $"{account}-N2"), await StateOf(store, $"{account}-N3")),
                    because);
            }
        }
        Assert.Empty(await store.DropHeldReceiptsAsync(T0.AddDays(1)));
    }

    /// <summary>
    /// Ids that wrap: a counter of four ids. The second round reuses 1–4 while round one's 3 and 4 still await receipts
    /// (the window is long); round two's receipts come in reverse, half of them before their answers are recorded.
    /// </summary>
    [SkippableFact]
    public async Task Wrapped_ids_give_each_receipt_to_the_latest_push_sent_before_it()
    {
        var store = NewStore();
        for (var n = 1; n <= 4; n++)
            await SubmitAsync(store, $"R1-{n}", "smsc", n.ToString(System.Globalization.CultureInfo.InvariantCulture), T0.AddSeconds(n));
        await store.ApplyReceiptsAsync([Receipt("smsc", "1", T0.AddSeconds(6)), Receipt("smsc", "2", T0.AddSeconds(6), delivered: false)], T0.AddSeconds(6));

        var sent = T0.AddMinutes(10);
        for (var n = 1; n <= 4; n++)
            await SendAsync(store, $"R2-{n}", sent);
        await AnswerAsync(store, "R2-1", "smsc", "1", sent, sent.AddMilliseconds(10));
        await AnswerAsync(store, "R2-2", "smsc", "2", sent, sent.AddMilliseconds(10));
        var at = sent.AddMilliseconds(50);
        foreach (var n in new[] { 4, 3, 2, 1 })
        {
            at = at.AddMilliseconds(5);
            await store.ApplyReceiptsAsync([Receipt("smsc", n.ToString(System.Globalization.CultureInfo.InvariantCulture), at, delivered: n % 2 == 1)], at);
        }
        await AnswerAsync(store, "R2-3", "smsc", "3", sent, at.AddMilliseconds(10));
        await AnswerAsync(store, "R2-4", "smsc", "4", sent, at.AddMilliseconds(10));

        Assert.Equal(
            [PushStates.Delivered, PushStates.Failed, PushStates.Submitted, PushStates.Submitted, PushStates.Delivered, PushStates.Failed, PushStates.Delivered, PushStates.Failed],
            [
                await StateOf(store, "R1-1"), await StateOf(store, "R1-2"), await StateOf(store, "R1-3"), await StateOf(store, "R1-4"),
                await StateOf(store, "R2-1"), await StateOf(store, "R2-2"), await StateOf(store, "R2-3"), await StateOf(store, "R2-4"),
            ]);
        Assert.Equal("its receipt was for a later push with the same message id", (await store.GetAsync("R1-3"))!.Detail);
    }
}
