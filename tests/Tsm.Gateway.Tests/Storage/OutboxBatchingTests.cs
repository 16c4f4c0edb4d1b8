using Tsm.Gateway.Outbox;
using Tsm.Gateway.Sms.Push;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Tests.Storage;

public sealed class SqliteOutboxBatchingTests : OutboxBatchingCases
{
    protected override SqlDialect Dialect => SqlDialect.Sqlite;
}

public sealed class PostgresOutboxBatchingTests : OutboxBatchingCases
{
    protected override SqlDialect Dialect => SqlDialect.PostgreSql;
}

/// <summary>
/// The push outbox in batches on both profiles (docs/push-sms.md, "Batching"): pushes stored together in group commits,
/// leased in one statement, their answers recorded in one transaction.
/// </summary>
public abstract class OutboxBatchingCases : PlatformDatabaseCases
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private PushStore NewStore() => new(Database, Microsoft.Extensions.Options.Options.Create(new PushOptions()));

    private static PushRecord Push(string serial, DateTimeOffset? due = null) => new()
    {
        Serial = serial,
        SeId = "SE-" + serial,
        Msisdn = "13800000001",
        Operation = "sync",
        RequestedBy = "ops",
        State = PushStates.Pending,
        NextAttemptAt = due ?? T0,
        CreatedAt = T0,
        ExpiresAt = T0.AddDays(2),
        UpdatedAt = T0,
    };

    [SkippableFact]
    public async Task Pushes_stored_at_once_are_acknowledged_once_committed_and_a_restart_after_that_finds_every_one()
    {
        var store = NewStore();
        var acknowledged = await Task.WhenAll(Enumerable.Range(0, 600).Select(i => store.TryInsertAsync(Push($"P{i:D4}"))));
        Assert.All(acknowledged, Assert.True);

        // The process dies after the acknowledgements: a new store on the same database (a restarted gateway) has them all.
        var restarted = NewStore();
        Assert.Equal(600, (await restarted.CountByStateAsync())[PushStates.Pending]);
        var taken = await restarted.TakeDueAsync(T0, T0.AddSeconds(30), max: 1000);
        Assert.Equal(Enumerable.Range(0, 600).Select(i => $"P{i:D4}"), taken.Select(p => p.Serial).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task A_serial_stored_already_or_twice_in_one_group_is_refused_to_all_but_its_first_caller()
    {
        var store = NewStore();
        Assert.True(await store.TryInsertAsync(Push("OLD")));
        var results = await store.InsertAllAsync([Push("NEW"), Push("OLD"), Push("NEW"), Push("OTHER")]);
        Assert.Equal([true, false, false, true], results);
        Assert.Equal(3, (await store.CountByStateAsync())[PushStates.Pending]);
    }

    [SkippableFact]
    public async Task Leases_are_taken_in_one_batch_in_due_order_and_a_leased_push_is_not_taken_again_until_its_lease_runs_out()
    {
        var store = NewStore();
        await store.InsertAllAsync([.. Enumerable.Range(0, 300).Select(i => Push($"P{i:D3}", T0.AddMilliseconds(300 - i)))]);

        var first = await store.TakeDueAsync(T0.AddSeconds(1), T0.AddSeconds(31), max: 100);
        Assert.Equal(Enumerable.Range(200, 100).Reverse().Select(i => $"P{i:D3}"), first.Select(p => p.Serial));
        Assert.All(first, p => Assert.Equal((PushStates.Sending, 1, T0.AddSeconds(31)), (p.State, p.Attempts, p.NextAttemptAt)));
        var second = await store.TakeDueAsync(T0.AddSeconds(1), T0.AddSeconds(31), max: 1000);
        Assert.Equal(200, second.Count);
        Assert.Empty(second.Select(p => p.Serial).Intersect(first.Select(p => p.Serial)));

        // In doubt: no answer recorded; after the lease they are all due again, their attempt counted.
        var again = await store.TakeDueAsync(T0.AddSeconds(32), T0.AddSeconds(62), max: 1000);
        Assert.Equal(300, again.Count);
        Assert.All(again, p => Assert.Equal(2, p.Attempts));
    }

    [SkippableFact]
    public async Task A_batch_of_answers_is_recorded_in_one_transaction_and_receipts_find_their_pushes()
    {
        var store = NewStore();
        await store.InsertAllAsync([.. Enumerable.Range(0, 200).Select(i => Push($"P{i:D3}"))]);
        var sent = T0.AddSeconds(1);
        var taken = await store.TakeDueAsync(sent, sent.AddSeconds(30), max: 1000);
        Assert.Equal(200, taken.Count);

        // 199 accepted with message ids, one refused; answers for a push no longer leased change nothing.
        var outcomes = taken.Select((p, i) => i == 0
            ? new OutboxOutcome(p.Serial, PushStates.Failed, sent, "refused by the SMSC: ESME_RINVDSTADR")
            : new OutboxOutcome(p.Serial, PushStates.Submitted, sent, null, $"{i}", "smsc")).ToList();
        await store.RecordAsync(outcomes, sent.AddMilliseconds(40));
        await store.RecordAsync([new OutboxOutcome(taken[1].Serial, PushStates.Failed, sent, "late")], sent.AddMilliseconds(50));

        var counts = await store.CountByStateAsync();
        Assert.Equal((199L, 1L), (counts[PushStates.Submitted], counts[PushStates.Failed]));
        var one = (await store.GetAsync(taken[1].Serial))!;
        Assert.Equal((PushStates.Submitted, "1", "smsc", sent), (one.State, one.MessageId, one.Account, one.SubmittedAt));

        var receipts = Enumerable.Range(1, 199).Select(i => new PushReceipt("smsc", $"{i}", [$"{i}"], PushStates.Delivered, "DELIVRD", sent.AddSeconds(1))).ToList();
        Assert.Equal(199, await store.ApplyReceiptsAsync(receipts, sent.AddSeconds(1)));
        Assert.Equal(199, (await store.CountByStateAsync())[PushStates.Delivered]);
    }
}
