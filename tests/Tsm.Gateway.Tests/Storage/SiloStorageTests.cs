using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Tests.Storage;

/// <summary>One silo inside a Kestrel app on a temp SQLite file, shared by the tests of <see cref="SiloStorageTests"/>.</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    private readonly TempDatabase _database = new();

    public IHost Host { get; private set; } = null!;

    public string DatabasePath => _database.Path;

    public async Task InitializeAsync() => Host = await SiloHost.StartAsync(_database.Path, web: true);

    public async Task DisposeAsync()
    {
        await SiloHost.StopAsync(Host);
        _database.Dispose();
    }
}

/// <summary>One silo on the cluster profile (a fresh PostgreSQL database), shared by <see cref="PostgresSiloStorageTests"/>.</summary>
public sealed class PostgresSiloFixture : IAsyncLifetime
{
    /// <summary>Null when PostgreSQL is not installed.</summary>
    public IHost? Host { get; private set; }

    public async Task InitializeAsync()
    {
        if (PostgresServer.BinDir is not null)
        {
            Host = await SiloHost.StartClusterAsync(await PostgresServer.CreateDatabaseAsync(), web: true);
        }
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await SiloHost.StopAsync(Host);
        }
    }
}

/// <summary>The embedded profile's SQL behind Orleans' ADO.NET providers.</summary>
public sealed class SiloStorageTests(SiloFixture silo) : SiloStorageCases, IClassFixture<SiloFixture>
{
    protected override IHost? Silo => silo.Host;
}

/// <summary>The cluster profile's SQL behind Orleans' ADO.NET providers: the same cases on PostgreSQL.</summary>
public sealed class PostgresSiloStorageTests(PostgresSiloFixture silo) : SiloStorageCases, IClassFixture<PostgresSiloFixture>
{
    protected override IHost? Silo => silo.Host;
}

/// <summary>The SQL behind Orleans' ADO.NET providers, through the providers themselves, on either profile.</summary>
public abstract class SiloStorageCases
{
    /// <summary>The silo under test; null skips (PostgreSQL not installed).</summary>
    protected abstract IHost? Silo { get; }

    private IHost Host
    {
        get
        {
            Skip.If(Silo is null, PostgresServer.SkipReason);
            return Silo!;
        }
    }

    private IGrainStorage Storage => Host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

    private IReminderTable Reminders => Host.Services.GetRequiredService<IReminderTable>();

    private static GrainId IntegerKey(long key, string? extension) =>
        GrainId.Create(GrainType.Create("test-counter"), GrainIdKeyExtensions.CreateIntegerKey(key, extension));

    [SkippableFact]
    public async Task Clearing_resets_the_state_and_keeps_a_version()
    {
        var counter = Host.Grains().GetGrain<ICounterGrain>("clear-me");
        await counter.Increment();
        await counter.Increment();
        var before = await counter.ETag();

        await counter.Clear();

        Assert.Equal(0, await counter.Get());
        var after = await counter.ETag();
        Assert.NotNull(after);
        Assert.NotEqual(before, after);
        Assert.Equal(1, await counter.Increment());
    }

    [SkippableFact]
    public async Task A_write_with_a_stale_etag_is_a_version_conflict()
    {
        var id = IntegerKey(1, null);
        var mine = new GrainState<CounterState>(new CounterState { Value = 1 });
        await Storage.WriteStateAsync("counter", id, mine);
        Assert.Equal("1", mine.ETag);

        // A second activation that never read the state tries to create it.
        var fresh = new GrainState<CounterState>(new CounterState { Value = 9 });
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("counter", id, fresh));

        var stale = new GrainState<CounterState>(new CounterState { Value = 7 }) { ETag = mine.ETag, RecordExists = true };
        mine.State!.Value = 2;
        await Storage.WriteStateAsync("counter", id, mine);
        Assert.Equal("2", mine.ETag);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("counter", id, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync("counter", id, stale));

        var read = new GrainState<CounterState>();
        await Storage.ReadStateAsync("counter", id, read);
        Assert.Equal(2, read.State!.Value);
        Assert.Equal("2", read.ETag);
        Assert.True(read.RecordExists);
    }

    [SkippableFact]
    public async Task A_write_with_an_etag_for_a_missing_row_is_a_version_conflict()
    {
        var ghost = new GrainState<CounterState>(new CounterState { Value = 1 }) { ETag = "5", RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("counter", IntegerKey(2, null), ghost));
    }

    [SkippableFact]
    public async Task Key_extensions_and_grain_types_keep_rows_apart()
    {
        var plain = new GrainState<CounterState>(new CounterState { Value = 10 });
        var extended = new GrainState<CounterState>(new CounterState { Value = 20 });
        var otherType = new GrainState<CounterState>(new CounterState { Value = 30 });
        await Storage.WriteStateAsync("counter", IntegerKey(3, null), plain);
        await Storage.WriteStateAsync("counter", IntegerKey(3, "ext"), extended);
        await Storage.WriteStateAsync("other", IntegerKey(3, null), otherType);

        async Task<int> Read(string type, GrainId id)
        {
            var state = new GrainState<CounterState>();
            await Storage.ReadStateAsync(type, id, state);
            return state.State!.Value;
        }

        Assert.Equal(10, await Read("counter", IntegerKey(3, null)));
        Assert.Equal(20, await Read("counter", IntegerKey(3, "ext")));
        Assert.Equal(30, await Read("other", IntegerKey(3, null)));

        var missing = new GrainState<CounterState>();
        await Storage.ReadStateAsync("counter", IntegerKey(4, null), missing);
        Assert.False(missing.RecordExists);
        Assert.Null(missing.ETag);
        Assert.Equal(0, missing.State!.Value);
    }

    [SkippableFact]
    public async Task Reminder_rows_upsert_read_range_and_delete_with_etags()
    {
        var grainA = GrainId.Create("reminder-test", "a");
        var grainB = GrainId.Create("reminder-test", "b");
        var start = new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var etagA = await Reminders.UpsertRow(new ReminderEntry { GrainId = grainA, ReminderName = "r", StartAt = start, Period = TimeSpan.FromMinutes(5) }) ?? "";
        var etagB = await Reminders.UpsertRow(new ReminderEntry { GrainId = grainB, ReminderName = "r", StartAt = start, Period = TimeSpan.FromDays(30) }) ?? "";

        var row = await Reminders.ReadRow(grainA, "r");
        Assert.NotNull(row);
        Assert.Equal(grainA, row.GrainId);
        Assert.Equal(start, DateTime.SpecifyKind(row.StartAt, DateTimeKind.Utc));
        Assert.Equal(TimeSpan.FromMinutes(5), row.Period);
        Assert.Equal(etagA, row.ETag);
        Assert.Equal(TimeSpan.FromDays(30), (await Reminders.ReadRow(grainB, "r"))!.Period);

        var etagA2 = await Reminders.UpsertRow(new ReminderEntry { GrainId = grainA, ReminderName = "r", StartAt = start, Period = TimeSpan.FromMinutes(10) }) ?? "";
        Assert.NotEqual(etagA, etagA2);
        Assert.Single((await Reminders.ReadRows(grainA)).Reminders);

        // A range that holds A's hash, in both the plain and the wrapping form.
        var hash = grainA.GetUniformHashCode();
        Assert.Contains((await Reminders.ReadRows(hash - 1, hash)).Reminders, r => r.GrainId == grainA);
        Assert.Contains((await Reminders.ReadRows(hash, hash - 1)).Reminders, r => r.GrainId == grainB);
        Assert.DoesNotContain((await Reminders.ReadRows(hash, hash - 1)).Reminders, r => r.GrainId == grainA);

        Assert.False(await Reminders.RemoveRow(grainA, "r", etagA));
        Assert.True(await Reminders.RemoveRow(grainA, "r", etagA2));
        Assert.Null(await Reminders.ReadRow(grainA, "r"));
        Assert.True(await Reminders.RemoveRow(grainB, "r", etagB));
    }
}
