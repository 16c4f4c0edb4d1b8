using Tsm.Gateway.Outbox;
using Tsm.Gateway.Sms.Push;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Tests.Storage;

public sealed class SqlitePlatformStoresTests : PlatformStoresCases
{
    protected override SqlDialect Dialect => SqlDialect.Sqlite;
}

public sealed class PostgresPlatformStoresTests : PlatformStoresCases
{
    protected override SqlDialect Dialect => SqlDialect.PostgreSql;
}

/// <summary>The push records and SE bindings tables, the same cases on both profiles.</summary>
public abstract class PlatformStoresCases : PlatformDatabaseCases
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static PushRecord Push(string serial, DateTimeOffset? nextAttemptAt = null, DateTimeOffset? expiresAt = null) => new()
    {
        Serial = serial,
        SeId = "SE-" + serial,
        Msisdn = "13800000001",
        Operation = "download",
        ApplicationAid = "A000000333010101",
        RequestedBy = "ops",
        State = PushStates.Pending,
        NextAttemptAt = nextAttemptAt ?? T0,
        CreatedAt = T0,
        ExpiresAt = expiresAt ?? T0.AddHours(1),
        UpdatedAt = T0,
    };

    [SkippableFact]
    public async Task A_push_is_stored_once_per_serial_and_read_back()
    {
        var store = new PushStore(Database);
        Assert.True(await store.TryInsertAsync(Push("S1")));
        Assert.False(await store.TryInsertAsync(Push("S1") with { SeId = "other" }));

        var read = await store.GetAsync("S1");
        Assert.NotNull(read);
        Assert.Equal(Push("S1") with { UpdatedAt = T0 }, read);
        Assert.Null(await store.GetAsync("missing"));
    }

    [SkippableFact]
    public async Task Due_pushes_are_taken_once_marked_sending_and_expired_ones_are_not_sent()
    {
        var store = new PushStore(Database);
        await store.TryInsertAsync(Push("due-1"));
        await store.TryInsertAsync(Push("due-2", nextAttemptAt: T0.AddSeconds(1)));
        await store.TryInsertAsync(Push("later", nextAttemptAt: T0.AddMinutes(5)));
        await store.TryInsertAsync(Push("expired", expiresAt: T0.AddSeconds(1)));

        var now = T0.AddSeconds(2);
        var taken = await store.TakeDueAsync(now, now.AddSeconds(30), max: 10);
        Assert.Equal(["due-1", "due-2"], taken.Select(p => p.Serial).Order(StringComparer.Ordinal));
        Assert.All(taken, p => Assert.Equal((PushStates.Sending, 1, now.AddSeconds(30)), (p.State, p.Attempts, p.NextAttemptAt)));
        Assert.Empty(await store.TakeDueAsync(now, now.AddSeconds(30), max: 10));
        Assert.Equal(PushStates.Expired, (await store.GetAsync("expired"))!.State);

        // In doubt once the answer is overdue: taken again, a second attempt.
        var retried = await store.TakeDueAsync(now.AddSeconds(31), now.AddSeconds(60), max: 1);
        Assert.Equal(2, Assert.Single(retried).Attempts);

        var counts = await store.CountByStateAsync();
        Assert.Equal(2, counts[PushStates.Sending]);
        Assert.Equal(1, counts[PushStates.Pending]);
        Assert.Equal(1, counts[PushStates.Expired]);
        Assert.Equal(["due-1", "due-2"], (await store.ListAsync(PushStates.Sending, 10)).Select(p => p.Serial).Order(StringComparer.Ordinal));
        Assert.Equal(4, (await store.ListAsync(null, 10)).Count);
    }

    [SkippableFact]
    public async Task Receipts_match_the_submit_answer_even_when_they_come_first()
    {
        var store = new PushStore(Database);
        await store.TryInsertAsync(Push("P1"));
        await store.TryInsertAsync(Push("P2"));
        var now = T0.AddSeconds(1);
        await store.TakeDueAsync(now, now.AddSeconds(30), max: 10);

        await store.RecordAsync([new OutboxOutcome("P1", PushStates.Submitted, now, null, "msg-1", "smsc")], now);
        Assert.Equal(1, await store.ApplyReceiptsAsync([new PushReceipt("smsc", "0x1", ["0x1", "msg-1"], PushStates.Delivered, "DELIVRD", now)], now));
        var p1 = await store.GetAsync("P1");
        Assert.Equal((PushStates.Delivered, "msg-1", "DELIVRD", "smsc"), (p1!.State, p1.MessageId, p1.Detail, p1.Account));

        // P2's receipt overtakes its submit answer: held, applied when the answer is recorded (the latest one wins).
        Assert.Equal(0, await store.ApplyReceiptsAsync([new PushReceipt("smsc", "msg-2", ["msg-2", "0x2"], PushStates.Failed, "UNDELIV", now)], now));
        Assert.Equal(0, await store.ApplyReceiptsAsync([new PushReceipt("smsc", "msg-2", ["msg-2"], PushStates.Failed, "UNDELIV again", now.AddMilliseconds(1))], now));
        await store.RecordAsync([new OutboxOutcome("P2", PushStates.Submitted, now, null, "msg-2", "smsc")], now.AddMilliseconds(2));
        var p2 = await store.GetAsync("P2");
        Assert.Equal((PushStates.Failed, "UNDELIV again"), (p2!.State, p2.Detail));
    }

    [SkippableFact]
    public async Task A_push_is_marked_used_once_with_its_first_task()
    {
        var store = new PushStore(Database);
        await store.TryInsertAsync(Push("U1"));
        Assert.Equal("task-1", await store.MarkUsedAsync("U1", "task-1", T0.AddMinutes(1)));
        Assert.Equal("task-1", await store.MarkUsedAsync("U1", "task-2", T0.AddMinutes(2)));
        Assert.Equal(T0.AddMinutes(1), (await store.GetAsync("U1"))!.UsedAt);
        Assert.Null(await store.MarkUsedAsync("missing", "task-3", T0));
    }

    [SkippableFact]
    public async Task Bindings_follow_the_latest_bind_and_list_a_numbers_SEs_oldest_first()
    {
        var time = new ManualTime(T0);
        var directory = new SeDirectory(Database, time);
        await directory.BindAsync("SE-A", "13900000001");
        time.Now = T0.AddMinutes(1);
        await directory.BindAsync("SE-B", "13900000001");
        time.Now = T0.AddMinutes(2);
        await directory.BindAsync("SE-C", "13900000002");

        Assert.Equal(["SE-A", "SE-B"], await directory.SeIdsOfAsync("13900000001"));
        Assert.Equal("13900000002", await directory.MsisdnOfAsync("SE-C"));

        // Rebinding moves the SE to the new number.
        time.Now = T0.AddMinutes(3);
        await directory.BindAsync("SE-A", "13900000002");
        Assert.Equal(["SE-B"], await directory.SeIdsOfAsync("13900000001"));
        Assert.Equal(["SE-C", "SE-A"], await directory.SeIdsOfAsync("13900000002"));
        Assert.Null(await directory.MsisdnOfAsync("SE-unknown"));
        Assert.Empty(await directory.SeIdsOfAsync("10000000000"));
    }
}
