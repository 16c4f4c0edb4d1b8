using Microsoft.Extensions.Options;
using Tsm.Gateway.Management;
using Tsm.Gateway.Management.SecurityDomains;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Storage;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Tests.Management.SecurityDomains;

public sealed class SqliteSecurityDomainStoreTests : SecurityDomainStoreCases
{
    protected override SqlDialect Dialect => SqlDialect.Sqlite;
}

public sealed class PostgresSecurityDomainStoreTests : SecurityDomainStoreCases
{
    protected override SqlDialect Dialect => SqlDialect.PostgreSql;
}

/// <summary>The security-domain definitions table on both profiles: allocation under concurrency, the engine's projection, the seed.</summary>
public abstract class SecurityDomainStoreCases : PlatformDatabaseCases
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private SecurityDomainStore Store(string from = "A0000001515354CC00", string to = "A0000001515354CCFF") => new(
        Database,
        Options.Create(new SecurityDomainAidOptions { Ranges = [new AidRangeOption { From = from, To = to }] }),
        new ManualTime(T0));

    private async Task<long> VersionAsync()
    {
        await using var connection = await Database.OpenConnectionAsync();
        return await CatalogueChanges.ReadAsync(connection);
    }

    private async Task<IReadOnlyList<SecurityDomainDefinition>> EngineAsync()
    {
        await using var connection = await Database.OpenConnectionAsync();
        return await SecurityDomainStore.ListForEngineAsync(connection);
    }

    [SkippableFact]
    public async Task Concurrent_applications_never_get_the_same_aid()
    {
        var store = Store();
        var applied = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => store.ApplyAsync(new SecurityDomainDefinition { Aid = "", Owner = "p" + i }, "alice"))));
        var aids = applied.Select(r => r.Aid).ToList();
        Assert.Equal(16, aids.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 16).Select(i => $"A0000001515354CC{i:X2}"), aids.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task The_engine_sees_approved_definitions_only_and_each_change_it_sees_is_counted()
    {
        var store = Store();
        var pending = await store.ApplyAsync(new SecurityDomainDefinition { Aid = "", Owner = "bank", FixedSpace = 4096 }, "alice");
        var rejected = await store.ApplyAsync(new SecurityDomainDefinition { Aid = "", Owner = "bank" }, "alice");
        var version = await VersionAsync();
        await store.RejectAsync(rejected.Aid, "bob", "no");
        Assert.Empty(await EngineAsync());
        Assert.Equal(version, await VersionAsync());

        await store.ApproveAsync(pending.Aid, "bob");
        var approved = Assert.Single(await EngineAsync());
        Assert.Equal(pending.Definition with { Owner = "bank" }, approved);
        Assert.Equal(version + 1, await VersionAsync());

        await store.EditAsync(pending.Aid, d => d with { KeyUpdatePeriod = TimeSpan.FromDays(30) }, "carol");
        Assert.Equal(TimeSpan.FromDays(30), Assert.Single(await EngineAsync()).KeyUpdatePeriod);
        Assert.Equal(version + 2, await VersionAsync());

        await store.DeleteAsync(pending.Aid);
        Assert.Empty(await EngineAsync());
        Assert.Equal(version + 3, await VersionAsync());
    }

    [SkippableFact]
    public async Task A_creation_recorded_for_an_se_locks_the_definition()
    {
        var store = Store();
        var record = await store.ApplyAsync(new SecurityDomainDefinition { Aid = "", Owner = "bank" }, "alice");
        await store.ApproveAsync(record.Aid, "bob");
        var operations = new OperationRecordStore(Database);
        await operations.AddAsync(new OperationRecord
        {
            Id = Guid.NewGuid(), At = T0, Actor = "sp:bank", Operation = "create-security-domain", SeId = "8600", Msisdn = "139", ApplicationAid = record.Aid, Result = "failed",
        });
        Assert.False(await store.IsCreatedOnSeAsync(record.Aid)); // a failed creation created nothing
        await operations.AddAsync(new OperationRecord
        {
            Id = Guid.NewGuid(), At = T0, Actor = "sp:bank", Operation = "create-security-domain", SeId = "8600", Msisdn = "139", ApplicationAid = record.Aid, Result = "succeeded",
        });
        await operations.DisposeAsync();
        Assert.True(await store.IsCreatedOnSeAsync(record.Aid));
        var refused = await Assert.ThrowsAsync<RefusedException>(() => store.EditAsync(record.Aid, d => d with { MaxKeys = 3 }, "carol"));
        Assert.Equal(RefusalCode.SecurityDomainLocked, refused.Refusal.Code);
        Assert.Equal(RefusalCode.SecurityDomainLocked, (await Assert.ThrowsAsync<RefusedException>(() => store.DeleteAsync(record.Aid))).Refusal.Code);
        Assert.Null(Assert.Single(await EngineAsync()).MaxKeys);
    }

    [SkippableFact]
    public async Task The_seed_inserts_missing_definitions_approved_and_never_overwrites()
    {
        var store = Store("A0000001515354CC00", "A0000001515354CC01");
        var configured = new SecurityDomainDefinition { Aid = "a0000001515354cc00", Owner = "", FixedSpace = 2048 };
        var version = await VersionAsync();
        Assert.Equal(1, await store.SeedAsync([configured]));
        Assert.Equal(version + 1, await VersionAsync());
        var seeded = Assert.Single(await EngineAsync());
        Assert.Equal(("A0000001515354CC00", SecurityDomainDefinition.OperatorOwner), (seeded.Aid, seeded.Owner));

        await store.EditAsync(seeded.Aid, d => d with { FixedSpace = 1024 }, "alice");
        Assert.Equal(0, await store.SeedAsync([configured]));
        Assert.Equal(1024, Assert.Single(await EngineAsync()).FixedSpace);
        // The seeded AID is taken: the next application gets the one after it, then the range is used up.
        Assert.Equal("A0000001515354CC01", (await store.ApplyAsync(new SecurityDomainDefinition { Aid = "", Owner = "bank" }, "alice")).Aid);
        Assert.Equal(RefusalCode.AidRangeExhausted,
            (await Assert.ThrowsAsync<RefusedException>(() => store.ApplyAsync(new SecurityDomainDefinition { Aid = "", Owner = "bank" }, "alice"))).Refusal.Code);
    }
}
