using Tsm.Gateway.Management.Statistics;
using Tsm.Gateway.Regions;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Storage;

namespace Tsm.Gateway.Tests.Management.Statistics;

public sealed class StatisticsStoreTests : StatisticsStoreCases
{
    protected override SqlDialect Dialect => SqlDialect.Sqlite;
}

public sealed class PostgresStatisticsStoreTests : StatisticsStoreCases
{
    protected override SqlDialect Dialect => SqlDialect.PostgreSql;
}

/// <summary>The statistics' SQL over operation records, SE bindings and free memory: the same cases on both profiles.</summary>
public abstract class StatisticsStoreCases : PlatformDatabaseCases
{
    /// <summary>Midnight UTC, the first day of the ranges below.</summary>
    private static readonly DateTimeOffset Day0 = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly StatisticsRange ThreeDays = new(new DateOnly(2025, 6, 1), new DateOnly(2025, 6, 3));

    private const string Mine = "A000000333010101";
    private const string Mine2 = "A000000333020202";
    private const string Theirs = "A000000444010101";

    private OperationRecordStore? _records;

    private OperationRecordStore Records => _records ??= new OperationRecordStore(Database);

    private StatisticsStore Store => new(Database);

    private SeDirectory Directory => new(Database, new ManualTime(Day0.AddDays(10)));

    public override async Task DisposeAsync()
    {
        if (_records is not null)
            await _records.DisposeAsync();
        await base.DisposeAsync();
    }

    private Task Add(DateTimeOffset at, string operation, string seId, string msisdn, string? aid = null, string result = "succeeded", Guid? id = null) =>
        Records.AddAsync(new OperationRecord
        {
            Id = id ?? Guid.NewGuid(), At = at, Actor = "test", Operation = operation, SeId = seId, Msisdn = msisdn,
            ApplicationAid = aid, Result = result,
        });

    private static (string, string, long?, long?, DateTimeOffset?) Flat(ProviderSe se) =>
        (se.SeId, string.Join(",", se.Applications), se.FreeNonVolatile, se.FreeVolatile, se.SpaceReportedAt);

    [SkippableFact]
    public async Task Users_per_day_count_distinct_ses_registered_and_logged_in_in_utc_days()
    {
        await Add(Day0.AddHours(1), "register", "SE1", "13800000001");
        await Add(Day0.AddHours(2), "register", "SE1", "13800000001"); // the same SE again: one registration that day
        await Add(Day0.AddHours(3), "register", "SE2", "13800000002", result: "failed");
        await Add(Day0.AddDays(1).AddTicks(-1), "login", "SE1", "13800000001");
        await Add(Day0.AddDays(1).AddTicks(-1), "login", "SE1", "13800000001");
        // 08:30 in UTC+8 on June 2nd is 00:30 UTC on June 2nd: day 1.
        await Add(new DateTimeOffset(2025, 6, 2, 8, 30, 0, TimeSpan.FromHours(8)), "login", "SE2", "13800000002");
        await Add(Day0.AddDays(3), "login", "SE3", "13800000003"); // June 4th: outside the range
        await Add(Day0.AddTicks(-1), "register", "SE4", "13800000004"); // May 31st: outside

        var counts = await Store.UsersByDayAsync(ThreeDays, null, default);

        Assert.Equal(
            [(0L, "login", 1L), (0L, "register", 1L), (1L, "login", 1L)],
            counts.Select(c => (c.Day, c.Key, c.Count)).Order());
    }

    [SkippableFact]
    public async Task Operations_per_day_group_by_kind_and_result_and_follow_the_region_prefixes()
    {
        await Add(Day0.AddHours(1), "download", "SE1", "13800000001", Mine);
        await Add(Day0.AddHours(2), "download", "SE2", "13900000002", Mine, "failed");
        await Add(Day0.AddHours(3), "download", "SE3", "8613800000003", Mine);
        await Add(Day0.AddDays(2).AddHours(5), "lock", "SE1", "13800000001", Mine);

        var all = await Store.OperationsByDayAsync(ThreeDays, null, null, default);
        Assert.Equal(
            [(0L, "download", "failed", 1L), (0L, "download", "succeeded", 2L), (2L, "lock", "succeeded", 1L)],
            all.Select(c => (c.Day, c.Key, c.Result, c.Count)).Order());

        var locks = await Store.OperationsByDayAsync(ThreeDays, "lock", null, default);
        Assert.Equal((2L, "lock"), (Assert.Single(locks).Day, locks[0].Key));

        // A caller homed in segment 138 sees its numbers, with or without the country code; nothing of 139.
        var scoped = await Store.OperationsByDayAsync(ThreeDays, null, ["138"], default);
        Assert.Equal(3, scoped.Sum(c => c.Count));
        Assert.DoesNotContain(scoped, c => c.Result == "failed");
        Assert.Empty(await Store.OperationsByDayAsync(ThreeDays, null, [], default));
    }

    [SkippableFact]
    public async Task Downloads_per_day_and_application()
    {
        await Add(Day0.AddHours(1), "download", "SE1", "13800000001", Mine);
        await Add(Day0.AddHours(2), "download", "SE2", "13800000002", Mine);
        await Add(Day0.AddDays(1), "download", "SE2", "13800000002", Theirs, "aborted");
        await Add(Day0.AddDays(1), "delete", "SE2", "13800000002", Mine);

        var counts = await Store.DownloadsByDayAsync(ThreeDays, null, default);

        Assert.Equal([(0L, Mine, "succeeded", 2L), (1L, Theirs, "aborted", 1L)], counts.Select(c => (c.Day, c.Key, c.Result, c.Count)).Order());
    }

    [SkippableFact]
    public async Task Activity_per_region_groups_numbers_by_segment_not_by_subscriber()
    {
        await Add(Day0.AddHours(1), "download", "SE1", "13800000001", Mine);
        await Add(Day0.AddHours(2), "login", "SE1", "13800000001");
        await Add(Day0.AddHours(3), "download", "SE2", "8613800000002", Mine, "failed");
        await Add(Day0.AddHours(4), "login", "SE3", "+8613911110003");
        await Add(Day0.AddHours(5), "login", "SE4", "15000000004"); // no segment
        var snapshot = new RegionSnapshot(
            [new Region(RegionCode.Parse("440000"), "Guangdong"), new Region(RegionCode.Parse("440100"), "Guangzhou"),
             new Region(RegionCode.Parse("440106"), "Tianhe"), new Region(RegionCode.Parse("110000"), "Beijing")],
            [new NumberSegment("1380000", RegionCode.Parse("440106")), new NumberSegment("139", RegionCode.Parse("110000"))]);

        var rows = await Store.ActivityBySegmentAsync(ThreeDays, RegionTally.PrefixLength(snapshot), null, default);
        Assert.True(rows.Count <= 4, "one group per prefix and length, not one per number");

        var provinces = new RegionTally(snapshot, RegionLevel.Province, RegionScope.National);
        var cities = new RegionTally(snapshot, RegionLevel.City, RegionScope.Within(RegionCode.Parse("440000")));
        foreach (var row in rows)
        {
            provinces.Add(row);
            cities.Add(row);
        }

        Assert.Equal(
            [new RegionActivity("440000", "Guangdong", 2, 2, 1), new RegionActivity("110000", "Beijing", 1, 0, 0), new RegionActivity(null, null, 1, 0, 0)],
            provinces.Result());
        Assert.Equal([new RegionActivity("440100", "Guangzhou", 2, 2, 1)], cities.Result());
    }

    [SkippableFact]
    public async Task Registered_ses_are_the_bound_ones_within_the_prefixes()
    {
        await Directory.BindAsync("SE1", "13800000001");
        await Directory.BindAsync("SE2", "13900000002");

        Assert.Equal(2, await Store.RegisteredAsync(null, default));
        Assert.Equal(1, await Store.RegisteredAsync(["139"], default));
        Assert.Equal(0, await Store.RegisteredAsync([], default));
    }

    [SkippableFact]
    public async Task A_provider_pages_through_its_own_records_only_newest_first()
    {
        var tie = Day0.AddHours(5);
        await Add(Day0.AddHours(1), "download", "SE1", "13800000001", Mine);
        await Add(Day0.AddHours(2), "download", "SE2", "13800000002", Mine2, "failed");
        await Add(tie, "download", "SE3", "13800000003", Mine, id: Guid.Parse("00000000-0000-0000-0000-000000000001"));
        await Add(tie, "download", "SE4", "13800000004", Mine, id: Guid.Parse("00000000-0000-0000-0000-000000000002"));
        await Add(Day0.AddHours(6), "download", "SE1", "13800000001", Theirs);
        await Add(Day0.AddHours(7), "delete", "SE1", "13800000001", Mine);

        var seen = new List<string>();
        RecordCursor? cursor = null;
        var pages = 0;
        do
        {
            var page = await Store.ProviderRecordsAsync([Mine, Mine2], "download", ThreeDays, null, null, null, cursor, 2, default);
            seen.AddRange(page.Items.Select(r => r.SeId));
            cursor = page.Next is { } next ? RecordCursor.TryDecode(next) : null;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(["SE4", "SE3", "SE2", "SE1"], seen);
        Assert.Equal(2, pages);
        Assert.Equal("SE1", Assert.Single((await Store.ProviderRecordsAsync([Mine, Mine2], "download", ThreeDays, "13800000001", null, null, null, 10, default)).Items).SeId);
        Assert.Equal("SE2", Assert.Single((await Store.ProviderRecordsAsync([Mine, Mine2], "download", ThreeDays, null, "SE2", null, null, 10, default)).Items).SeId);
        Assert.Equal(3, (await Store.ProviderRecordsAsync([Mine, Mine2], "download", ThreeDays, null, null, Mine, null, 10, default)).Items.Count);
        Assert.Equal("SE1", Assert.Single((await Store.ProviderRecordsAsync([Mine, Mine2], "delete", ThreeDays, null, null, null, null, 10, default)).Items).SeId);
        // Another provider's record never matches, whatever the filters; values are parameters.
        Assert.Empty((await Store.ProviderRecordsAsync([Mine, Mine2], "download", ThreeDays, null, null, Theirs, null, 10, default)).Items);
        Assert.Empty((await Store.ProviderRecordsAsync([Mine], "download", ThreeDays, "' OR 1=1 --", null, null, null, 10, default)).Items);
        Assert.Empty((await Store.ProviderRecordsAsync([], "download", ThreeDays, null, null, null, null, 10, default)).Items);
    }

    [SkippableFact]
    public async Task A_providers_ses_are_the_registered_ones_holding_its_applications_with_their_free_memory()
    {
        foreach (var se in new[] { "SE1", "SE2", "SE3", "SE4", "SE5", "SE6" })
            await Directory.BindAsync(se, "1380000000" + se[^1]);
        await Add(Day0.AddHours(1), "download", "SE1", "13800000001", Mine);
        await Add(Day0.AddHours(1), "download", "SE1", "13800000001", Mine2);
        await Add(Day0.AddHours(1), "download", "SE2", "13800000002", Mine);
        await Add(Day0.AddHours(2), "delete", "SE2", "13800000002", Mine); // deleted since
        await Add(Day0.AddHours(1), "delete", "SE3", "13800000003", Mine);
        await Add(Day0.AddHours(2), "download", "SE3", "13800000003", Mine); // downloaded again after a delete
        await Add(Day0.AddHours(1), "download", "SE4", "13800000004", Mine, "failed");
        await Add(Day0.AddHours(1), "download", "SE5", "13800000005", Theirs);
        await Add(Day0.AddHours(1), "download", "SE6", "13800000006", Mine);
        await Add(Day0.AddHours(1), "download", "SE9", "13800000009", Mine); // not registered
        await Directory.RecordSpaceAsync("SE1", 30_000, 2_000);
        await Directory.RecordSpaceAsync("SE1", null, 1_500); // a task that read only the volatile figure keeps the other
        await Directory.RecordSpaceAsync("SE3", 5_000, null);

        var page = await Store.ProviderSesAsync([Mine, Mine2], null, null, 2, default);
        Assert.Equal(3, page.Total);
        Assert.Equal(6, page.RegisteredOnPlatform);
        Assert.Equal(
            [("SE1", $"{Mine},{Mine2}", 30_000L, 1_500L, Day0.AddDays(10)), ("SE3", Mine, 5_000L, null, Day0.AddDays(10))],
            page.Items.Select(Flat));
        Assert.Equal("SE3", page.Next);
        var last = await Store.ProviderSesAsync([Mine, Mine2], null, page.Next, 2, default);
        Assert.Equal([("SE6", Mine, (long?)null, (long?)null, (DateTimeOffset?)null)], last.Items.Select(Flat));
        Assert.Null(last.Next);

        var roomy = await Store.ProviderSesAsync([Mine, Mine2], 10_000, null, 10, default);
        Assert.Equal((1L, "SE1"), (roomy.Total, Assert.Single(roomy.Items).SeId));
        var theirs = await Store.ProviderSesAsync([Theirs], null, null, 10, default);
        Assert.Equal("SE5", Assert.Single(theirs.Items).SeId);
        Assert.Equal(0, (await Store.ProviderSesAsync([], null, null, 10, default)).Total);
    }
}
