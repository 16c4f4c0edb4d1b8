using Tsm.Gateway.Outbox;
using Tsm.Gateway.ServiceProviders;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Storage;

namespace Tsm.Gateway.Tests.Sp;

public sealed class SqliteSpCallbackStoreTests : SpCallbackStoreCases
{
    protected override SqlDialect Dialect => SqlDialect.Sqlite;
}

public sealed class PostgresSpCallbackStoreTests : SpCallbackStoreCases
{
    protected override SqlDialect Dialect => SqlDialect.PostgreSql;
}

/// <summary>The callback outbox, the same cases on both storage profiles.</summary>
public abstract class SpCallbackStoreCases : PlatformDatabaseCases
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task A_callback_is_stored_once_taken_when_due_leased_and_recorded()
    {
        var store = new SpCallbackStore(Database);
        await store.AddAsync("SE.t1", "bank", "{\"a\":1}", T0);
        await store.AddAsync("SE.t1", "bank", "{\"a\":2}", T0.AddSeconds(1)); // the same end told twice: kept once
        await store.AddAsync("SE.t2", "bank", "{}", T0.AddMinutes(1));
        Assert.Equal("{\"a\":1}", (await store.GetAsync("SE.t1"))!.Body);

        var taken = await store.TakeDueAsync(T0.AddSeconds(5), T0.AddSeconds(25), max: 10);
        Assert.Equal(["SE.t1"], taken.Select(c => c.EventId));
        Assert.Equal(1, taken[0].Attempts);
        // Leased: not taken again before the lease runs out, taken again after (the sender died mid-POST).
        Assert.Empty(await store.TakeDueAsync(T0.AddSeconds(10), T0.AddSeconds(30), max: 10));
        Assert.Equal(["SE.t1"], (await store.TakeDueAsync(T0.AddSeconds(26), T0.AddSeconds(46), max: 10)).Select(c => c.EventId));

        await store.RecordAsync([new OutboxOutcome("SE.t1", SpCallbackStates.Pending, T0.AddMinutes(2), "answered 500")], T0.AddSeconds(27));
        var retry = await store.GetAsync("SE.t1");
        Assert.Equal((SpCallbackStates.Pending, 2, "answered 500"), (retry!.State, retry.Attempts, retry.Detail));
        var due = await store.TakeDueAsync(T0.AddMinutes(3), T0.AddMinutes(4), max: 10);
        Assert.Equal(["SE.t1", "SE.t2"], due.Select(c => c.EventId).Order(StringComparer.Ordinal));
        await store.RecordAsync([new OutboxOutcome("SE.t1", SpCallbackStates.Delivered, T0.AddMinutes(3), "acknowledged 204")], T0.AddMinutes(3));
        Assert.Equal(SpCallbackStates.Delivered, (await store.GetAsync("SE.t1"))!.State);
        Assert.Equal(["SE.t2"], (await store.TakeDueAsync(T0.AddHours(1), T0.AddHours(2), max: 10)).Select(c => c.EventId));
    }

    [SkippableFact]
    public async Task A_callback_given_up_on_is_listed_and_can_be_sent_again()
    {
        var store = new SpCallbackStore(Database);
        await store.AddAsync("SE.f1", "bank", "{}", T0);
        await store.AddAsync("SE.p1", "bank", "{}", T0);
        await store.TakeDueAsync(T0, T0.AddSeconds(20), max: 10);
        await store.RecordAsync([new OutboxOutcome("SE.f1", SpCallbackStates.Failed, T0, "gave up after 1 attempts: answered 500")], T0.AddSeconds(1));
        Assert.Equal(["SE.f1"], (await store.ListAsync(SpCallbackStates.Failed, 10)).Select(c => c.EventId));
        Assert.Equal(2, (await store.ListAsync(null, 10)).Count);
        Assert.False(await store.RequeueAsync("SE.p1", T0.AddMinutes(1))); // not failed: left alone
        Assert.False(await store.RequeueAsync("SE.none", T0.AddMinutes(1)));
        Assert.True(await store.RequeueAsync("SE.f1", T0.AddMinutes(1)));
        var again = await store.GetAsync("SE.f1");
        Assert.Equal((SpCallbackStates.Pending, 0, (string?)null), (again!.State, again.Attempts, again.Detail));
        Assert.Contains("SE.f1", (await store.TakeDueAsync(T0.AddMinutes(1), T0.AddMinutes(2), max: 10)).Select(c => c.EventId));
    }
}
