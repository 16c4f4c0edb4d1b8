using Tsm.Gateway.Management;
using Tsm.Gateway.Management.Batches;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Storage;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Management;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Tests.Management.Batches;

public sealed class SqliteBatchStoreTests : BatchStoreCases
{
    protected override SqlDialect Dialect => SqlDialect.Sqlite;
}

public sealed class PostgresBatchStoreTests : BatchStoreCases
{
    protected override SqlDialect Dialect => SqlDialect.PostgreSql;
}

/// <summary>The SE batch and test-number tables on both profiles: overlaps, registered SEs, the engine's projections, the seed.</summary>
public abstract class BatchStoreCases : PlatformDatabaseCases
{
    private static readonly ManualTime Time = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

    private static BatchDefinition Batch(string id, string from, string to) =>
        new() { Batch = new SeBatch { Id = id, SeIdFrom = from, SeIdTo = to, MasterKeyRef = "gp-test", Chip = "chip-" + id } };

    private async Task<long> VersionAsync()
    {
        await using var connection = await Database.OpenConnectionAsync();
        return await CatalogueChanges.ReadAsync(connection);
    }

    [SkippableFact]
    public async Task Overlapping_ranges_are_refused_and_the_engine_sees_each_batch_with_its_presets()
    {
        var store = new BatchStore(Database, Time);
        var version = await VersionAsync();
        await store.AddAsync(Batch("a", "99000000", "990000FF") with
        {
            PresetApplications = [new BatchPreset { Aid = "A000000333010101", MemoryType = PresetMemoryType.Rom }],
            PresetSecurityDomains = [new BatchPreset { Aid = "A000000151535300AA", State = PresetState.Personalized }],
        }, "alice");
        await store.AddAsync(Batch("b", "99000100", "990001FF"), "alice"); // adjacent to a
        await store.AddAsync(Batch("c", "9900000000", "99000000FF"), "alice"); // same digits, another length
        Assert.Equal(version + 3, await VersionAsync());

        var overlap = await Assert.ThrowsAsync<RefusedException>(() => store.AddAsync(Batch("d", "990000FF", "990000FF"), "alice"));
        Assert.Equal(RefusalCode.BatchRangeOverlap, overlap.Refusal.Code);
        Assert.Contains("'a'", overlap.Message, StringComparison.Ordinal);
        Assert.Equal(RefusalCode.BatchExists, (await Assert.ThrowsAsync<RefusedException>(() => store.AddAsync(Batch("A", "98000000", "980000FF"), "alice"))).Refusal.Code);
        Assert.Equal(version + 3, await VersionAsync());

        await using var connection = await Database.OpenConnectionAsync();
        var engine = await BatchStore.ListForEngineAsync(connection);
        Assert.Equal(["a", "b", "c"], engine.Select(b => b.Id));
        Assert.Equal(["A000000333010101"], engine[0].PresetApplications);
        Assert.Equal(["A000000151535300AA"], engine[0].PresetSecurityDomains);
        Assert.Equal("chip-a", engine[0].Chip);
        Assert.Equal(PresetMemoryType.Rom, (await store.GetAsync("A"))!.Definition.PresetApplications[0].MemoryType);
    }

    [SkippableFact]
    public async Task A_range_keeps_its_registered_ses_and_a_batch_with_ses_is_not_deleted()
    {
        var store = new BatchStore(Database, Time);
        await store.AddAsync(Batch("a", "99000000", "990000FF"), "alice");
        await new SeDirectory(Database, Time).BindAsync("99000010", "13800000001");

        await store.ReplaceAsync(Batch("a", "99000010", "990001FF"), "alice"); // still holds 99000010
        var shrink = await Assert.ThrowsAsync<RefusedException>(() => store.ReplaceAsync(Batch("a", "99000011", "990001FF"), "alice"));
        Assert.Equal(RefusalCode.BatchHasSes, shrink.Refusal.Code);
        Assert.Contains("99000010", shrink.Message, StringComparison.Ordinal);
        var relength = await Assert.ThrowsAsync<RefusedException>(() => store.ReplaceAsync(Batch("a", "9900000000", "99000000FF"), "alice"));
        Assert.Equal(RefusalCode.BatchHasSes, relength.Refusal.Code);
        Assert.Equal(RefusalCode.BatchHasSes, (await Assert.ThrowsAsync<RefusedException>(() => store.DeleteAsync("a"))).Refusal.Code);
        Assert.Equal("99000010", (await store.GetAsync("a"))!.Definition.Batch.SeIdFrom);

        await store.AddAsync(Batch("empty", "98000000", "980000FF"), "alice");
        await store.DeleteAsync("EMPTY");
        Assert.Null(await store.GetAsync("empty"));
        Assert.Equal(RefusalCode.UnknownBatch, (await Assert.ThrowsAsync<RefusedException>(() => store.DeleteAsync("empty"))).Refusal.Code);
    }

    [SkippableFact]
    public async Task The_seed_inserts_missing_batches_and_test_numbers_and_skips_an_overlapping_one()
    {
        var store = new BatchStore(Database, Time);
        await store.AddAsync(Batch("stored", "99000000", "990000FF"), "alice");
        var skipped = new List<string>();
        var configured = new[]
        {
            new SeBatch { Id = "demo", SeIdFrom = "86000000", SeIdTo = "86ffffff", MasterKeyRef = "gp-test", PresetApplications = ["a000000333010101"] },
            new SeBatch { Id = "clash", SeIdFrom = "99000080", SeIdTo = "990001FF", MasterKeyRef = "gp-test" },
            new SeBatch { Id = "STORED", SeIdFrom = "97000000", SeIdTo = "970000FF", MasterKeyRef = "other" },
        };
        Assert.Equal(1, await store.SeedAsync(configured, (id, _) => skipped.Add(id)));
        Assert.Equal(["clash"], skipped);
        Assert.Equal("86FFFFFF", (await store.GetAsync("demo"))!.Definition.Batch.SeIdTo);
        Assert.Equal("99000000", (await store.GetAsync("stored"))!.Definition.Batch.SeIdFrom);
        Assert.Equal(0, await store.SeedAsync(configured));

        var numbers = new TestNumberStore(Database, Time);
        Assert.Equal(2, await numbers.SeedAsync(["13800000001", "13800000002", "13800000001"]));
        Assert.Equal(0, await numbers.SeedAsync(["13800000001"]));
        await numbers.AddAsync("+8613800000003", "lab", "alice");
        Assert.Equal(RefusalCode.TestNumberExists, (await Assert.ThrowsAsync<RefusedException>(() => numbers.AddAsync("13800000001", "", "alice"))).Refusal.Code);
        await numbers.DeleteAsync("13800000002");
        Assert.Equal(RefusalCode.UnknownTestNumber, (await Assert.ThrowsAsync<RefusedException>(() => numbers.DeleteAsync("13800000002"))).Refusal.Code);
        await using var connection = await Database.OpenConnectionAsync();
        Assert.Equal(new HashSet<string> { "13800000001", "+8613800000003" }, await TestNumberStore.ListTestNumbersAsync(connection));
    }
}
