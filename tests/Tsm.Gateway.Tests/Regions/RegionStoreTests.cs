using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tsm.Gateway.Regions;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Storage;

namespace Tsm.Gateway.Tests.Regions;

public sealed class SqliteRegionStoreTests : RegionStoreCases
{
    protected override SqlDialect Dialect => SqlDialect.Sqlite;
}

public sealed class PostgresRegionStoreTests : RegionStoreCases
{
    protected override SqlDialect Dialect => SqlDialect.PostgreSql;
}

/// <summary>The region and number-segment tables, the same cases on both profiles.</summary>
public abstract class RegionStoreCases : PlatformDatabaseCases
{
    private static RegionCode Code(string text) => RegionCode.Parse(text);

    private static Region Region(string code, string name) => new(Code(code), name);

    [SkippableFact]
    public async Task The_first_start_seeds_the_default_regions_and_segments()
    {
        var store = new RegionStore(Database);
        Assert.Equal(
            ["110000", "110100", "110105", "440000", "440100", "440106"],
            (await store.ListAsync()).Select(r => r.Code.Value));
        Assert.Equal("天河区", (await store.GetAsync(Code("440106")))!.Name);
        Assert.Equal(["440100"], (await store.ListAsync(Code("440000"))).Select(r => r.Code.Value));
        Assert.Equal(Code("440106"), await store.HomeRegionOfAsync("13800130001"));
        Assert.Equal(Code("110105"), await store.HomeRegionOfAsync("13900100001"));
        Assert.Null(await store.HomeRegionOfAsync("13700000000"));
    }

    [SkippableFact]
    public async Task The_seed_runs_once_so_what_operators_delete_stays_deleted()
    {
        var store = new RegionStore(Database);
        foreach (var segment in await store.ListSegmentsAsync())
            Assert.Equal(RegionChange.Done, await store.DeleteSegmentAsync(segment.Prefix));
        foreach (var code in new[] { "110105", "110100", "110000", "440106", "440100", "440000" })
            Assert.Equal(RegionChange.Done, await store.DeleteAsync(Code(code)));

        await ApplySchemaAgainAsync();

        Assert.Empty(await store.ListAsync());
        Assert.Empty(await store.ListSegmentsAsync());
    }

    [SkippableFact]
    public async Task A_region_needs_its_parent_and_a_unique_code()
    {
        var store = new RegionStore(Database);
        Assert.Equal(RegionChange.ParentMissing, await store.AddAsync(Region("440305", "南山区")));
        Assert.Equal(RegionChange.Done, await store.AddAsync(Region("440300", "深圳市")));
        Assert.Equal(RegionChange.Done, await store.AddAsync(Region("440305", " 南山区 ")));
        Assert.Equal(RegionChange.AlreadyExists, await store.AddAsync(Region("440305", "again")));
        Assert.Equal(RegionChange.Done, await store.AddAsync(Region("310000", "上海市")));

        Assert.Equal(new Region(Code("440305"), "南山区"), await store.GetAsync(Code("440305")));
        Assert.Equal(["440100", "440300"], (await store.ListAsync(Code("440000"))).Select(r => r.Code.Value));
        Assert.Null(await store.GetAsync(Code("440306")));
    }

    [SkippableFact]
    public async Task A_region_is_renamed_in_place()
    {
        var store = new RegionStore(Database);
        Assert.Equal(RegionChange.Done, await store.RenameAsync(Code("110100"), "北京市市辖区"));
        Assert.Equal("北京市市辖区", (await store.GetAsync(Code("110100")))!.Name);
        Assert.Equal(RegionChange.NotFound, await store.RenameAsync(Code("120000"), "天津市"));
    }

    [SkippableFact]
    public async Task A_region_with_children_or_segments_is_not_deleted()
    {
        var store = new RegionStore(Database);
        Assert.Equal(RegionChange.HasChildren, await store.DeleteAsync(Code("440100")));
        Assert.Equal(RegionChange.HasSegments, await store.DeleteAsync(Code("440106")));
        Assert.Equal(RegionChange.NotFound, await store.DeleteAsync(Code("120000")));

        Assert.Equal(RegionChange.Done, await store.DeleteSegmentAsync("1380013"));
        Assert.Equal(RegionChange.Done, await store.DeleteAsync(Code("440106")));
        Assert.Equal(RegionChange.HasSegments, await store.DeleteAsync(Code("440100")));
        Assert.Equal(RegionChange.Done, await store.DeleteSegmentAsync("1380020"));
        Assert.Equal(RegionChange.Done, await store.DeleteAsync(Code("440100")));
        Assert.Equal(RegionChange.Done, await store.DeleteAsync(Code("440000")));
        Assert.Null(await store.GetAsync(Code("440000")));
    }

    [SkippableFact]
    public async Task Segments_are_added_moved_and_deleted_and_lookups_follow_at_once()
    {
        var store = new RegionStore(Database);
        Assert.Equal(Code("440106"), await store.HomeRegionOfAsync("13800130001"));

        Assert.Equal(RegionChange.RegionMissing, await store.AddSegmentAsync(new NumberSegment("1370000", Code("120000"))));
        Assert.Equal(RegionChange.AlreadyExists, await store.AddSegmentAsync(new NumberSegment("1380013", Code("440100"))));
        Assert.Equal(RegionChange.Done, await store.AddSegmentAsync(new NumberSegment("13800130", Code("110105"))));
        Assert.Equal(Code("110105"), await store.HomeRegionOfAsync("13800130001"));
        Assert.Equal(new NumberSegment("13800130", Code("110105")), await store.GetSegmentAsync("13800130"));

        Assert.Equal(RegionChange.Done, await store.MoveSegmentAsync(new NumberSegment("13800130", Code("440000"))));
        Assert.Equal(Code("440000"), await store.HomeRegionOfAsync("13800130001"));
        Assert.Equal(RegionChange.RegionMissing, await store.MoveSegmentAsync(new NumberSegment("13800130", Code("120000"))));
        Assert.Equal(RegionChange.NotFound, await store.MoveSegmentAsync(new NumberSegment("1234567", Code("440000"))));

        Assert.Equal(RegionChange.Done, await store.DeleteSegmentAsync("13800130"));
        Assert.Equal(RegionChange.NotFound, await store.DeleteSegmentAsync("13800130"));
        Assert.Equal(Code("440106"), await store.HomeRegionOfAsync("13800130001"));
        Assert.Null(await store.GetSegmentAsync("13800130"));
        Assert.Equal(["1380013", "1380020", "1390010", "1390011"], (await store.ListSegmentsAsync()).Select(s => s.Prefix));
    }

    [SkippableFact]
    public async Task Another_silos_change_reaches_the_cache_at_the_next_periodic_refresh()
    {
        var here = new RegionStore(Database);
        var there = new RegionStore(Database);
        Assert.Null(await here.HomeRegionOfAsync("13700000000"));

        Assert.Equal(RegionChange.Done, await there.AddSegmentAsync(new NumberSegment("137", Code("440000"))));
        Assert.Null(await here.HomeRegionOfAsync("13700000000"));

        var time = new FakeTimeProvider();
        await using var refresher = new RegionRefresher(here, Options.Create(new RegionOptions { RefreshInterval = TimeSpan.FromSeconds(30) }), time, NullLogger<RegionRefresher>.Instance);
        await refresher.StartAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(29));
        await refresher.Current;
        Assert.Null(await here.HomeRegionOfAsync("13700000000"));

        time.Advance(TimeSpan.FromSeconds(1));
        await refresher.Current;
        Assert.Equal(Code("440000"), await here.HomeRegionOfAsync("13700000000"));
        await refresher.StopAsync(CancellationToken.None);
    }

    [SkippableFact]
    public async Task Concurrent_writes_keep_the_tree_whole()
    {
        var store = new RegionStore(Database);
        Assert.Equal(RegionChange.Done, await store.AddAsync(Region("320000", "江苏省")));
        // A city added while its province is deleted: one of the two wins, never both.
        var results = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(i => i % 2 == 0
                ? store.AddAsync(Region($"32{i + 1:00}00", "city"))
                : store.DeleteAsync(Code("320000"))));
        var province = await store.GetAsync(Code("320000"));
        var cities = await store.ListAsync(Code("320000"));
        Assert.True(province is not null || cities.Count == 0, "a city outlived its province");
        Assert.Contains(RegionChange.Done, results);
    }

    private async Task ApplySchemaAgainAsync()
    {
        if (Database is SqliteSchema sqlite)
            await SqliteSchema.ApplyAsync(sqlite.Path);
        else
            await PostgresSchema.ApplyAsync(((PostgresSchema)Database).ConnectionString);
    }
}
