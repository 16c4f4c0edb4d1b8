using Microsoft.AspNetCore.DataProtection;
using Tsm.Gateway.Management;
using Tsm.Gateway.Management.Applications;
using Tsm.Gateway.Management.Providers;
using Tsm.Gateway.ServiceProviders;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Storage;
using Tsm.Grains.Management.Providers;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Tests.Management.Providers;

public sealed class SqliteProviderStoreTests : ProviderStoreCases
{
    protected override SqlDialect Dialect => SqlDialect.Sqlite;
}

public sealed class PostgresProviderStoreTests : ProviderStoreCases
{
    protected override SqlDialect Dialect => SqlDialect.PostgreSql;
}

/// <summary>The providers' and platforms' tables, the same cases on both profiles.</summary>
public abstract class ProviderStoreCases : PlatformDatabaseCases
{
    private static readonly ProviderBasics Basics = new("Bank of Tests", "bank", "91110000MA01", "B0001", ["payment", "transit"], "joint");

    private ProviderStore Store() => new(Database, new ManualTime(DateTimeOffset.UnixEpoch.AddYears(56)));

    [SkippableFact]
    public async Task Registration_approval_and_blacklisting_follow_the_lifecycle_and_count_as_catalogue_changes()
    {
        var store = Store();
        var registered = await store.RegisterAsync(Basics, ProviderExtended.Empty with { ContactEmail = "ops@bank.example" }, "alice");
        Assert.Equal("REG000001", registered.Id);
        Assert.Equal(ProviderStatus.Pending, registered.Status);
        var second = await store.RegisterAsync(Basics with { Name = "Other" }, ProviderExtended.Empty, "alice");
        Assert.Equal("REG000002", second.Id);

        var self = await Assert.ThrowsAsync<RefusedException>(() => store.DecideAsync(registered.Id, ProviderAction.Approve, "ALICE", null));
        Assert.Equal(RefusalCode.SelfApproval, self.Code);
        Assert.Equal(ProviderStatus.Pending, (await store.FindAsync(registered.Id))!.Status);

        long version;
        await using (var connection = await Database.OpenConnectionAsync())
            version = await CatalogueChanges.ReadAsync(connection);
        var approved = await store.DecideAsync(registered.Id, ProviderAction.Approve, "bob", null);
        Assert.Equal("SP000001", approved.After.Spid);
        Assert.Equal("SP000001", approved.After.Account);
        var found = await store.FindAsync("SP000001");
        Assert.Equal(registered.Id, found!.Id);
        Assert.Equal(["payment", "transit"], found.Basics.ApplicationTypes);
        Assert.Equal("ops@bank.example", found.Extended.ContactEmail);
        Assert.Equal("bob", found.DecidedBy);
        await using (var connection = await Database.OpenConnectionAsync())
            Assert.True(await CatalogueChanges.ReadAsync(connection) > version);

        var again = await Assert.ThrowsAsync<RefusedException>(() => store.DecideAsync("SP000001", ProviderAction.Approve, "carol", null));
        Assert.Equal(RefusalCode.ProviderStateConflict, again.Code);

        Assert.False(await store.IsBlockedAsync("SP000001"));
        await store.DecideAsync("SP000001", ProviderAction.Blacklist, "bob", "fraud");
        Assert.True(await store.IsBlockedAsync("SP000001"));
        await using (var connection = await Database.OpenConnectionAsync())
            Assert.Equal(["SP000001"], await ProviderStore.ListBlockedAsync(connection, default));
        Assert.Equal("fraud", (await store.FindAsync("SP000001"))!.Reason);

        var approvedSecond = await store.DecideAsync(second.Id, ProviderAction.Approve, "bob", null);
        Assert.Equal("SP000002", approvedSecond.After.Spid);
        var page = await store.ListAsync(ProviderStatus.Blacklisted, 0, 10);
        Assert.Equal(1, page.Total);
        Assert.Equal("SP000001", Assert.Single(page.Items).Spid);
        Assert.Equal(2, (await store.ListAsync(null, 0, 10)).Total);
        Assert.Single((await store.ListAsync(null, 1, 1)).Items);
    }

    [SkippableFact]
    public async Task Seeding_adds_missing_providers_once_and_never_changes_a_stored_one()
    {
        var store = Store();
        Assert.Equal(2, await store.SeedAsync(["demo", "bad", "demo"], new HashSet<string> { "bad" }));
        Assert.Equal(ProviderStatus.Approved, (await store.FindAsync("demo"))!.Status);
        Assert.Equal("demo", (await store.FindAsync("demo"))!.Spid);
        Assert.True(await store.IsBlockedAsync("bad"));
        await store.DecideAsync("demo", ProviderAction.Blacklist, "bob", "audit");
        Assert.Equal(0, await store.SeedAsync(["demo", "bad"], new HashSet<string>()));
        Assert.Equal(ProviderStatus.Blacklisted, (await store.FindAsync("demo"))!.Status);
    }

    [SkippableFact]
    public async Task The_census_counts_a_providers_unarchived_application_versions()
    {
        var census = new ApplicationStore(Database);
        Assert.Equal(0, await census.CountUnarchivedAsync("SP000001"));
        await using (var connection = await Database.OpenConnectionAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO Applications (VersionId, Aid, ProviderId, ProviderVersion, Name, Status, Definition, CreatedAt, UpdatedAt) VALUES " +
                "('A1-1', 'A1', 'SP000001', '1', 'a', 'published', '{}', 0, 0), ('A2-1', 'A2', 'SP000001', '1', 'a', 'archived', '{}', 0, 0), " +
                "('A3-1', 'A3', 'SP000001', '1', 'a', 'archiving', '{}', 0, 0), ('A4-1', 'A4', 'other', '1', 'a', 'published', '{}', 0, 0);";
            await command.ExecuteNonQueryAsync();
        }
        Assert.Equal(2, await census.CountUnarchivedAsync("SP000001"));
        Assert.Equal(0, await census.CountUnarchivedAsync("SP000009"));
    }

    [SkippableFact]
    public async Task Platforms_are_seeded_granted_keyed_and_removed()
    {
        var store = new PlatformStore(Database, new EphemeralDataProtectionProvider(), TimeProvider.System);
        var configured = new Dictionary<string, SpPlatformOptions>
        {
            ["bank"] = new()
            {
                ApiKeySha256 = [new string('a', 64)],
                Providers = { ["demo"] = ["download", "delete"] },
                CallbackUrl = "http://127.0.0.1:9/hook",
                CallbackSecret = "callback-secret-0123456789",
            },
        };
        Assert.Equal(1, await store.SeedAsync(configured));
        Assert.Equal(0, await store.SeedAsync(configured));
        var bank = (await store.SnapshotAsync()).Find("bank")!;
        Assert.Equal(["download", "delete"], bank.Grants["demo"]);
        Assert.Equal("callback-secret-0123456789", store.CallbackSecretOf(bank));
        Assert.DoesNotContain("callback-secret", bank.ProtectedCallbackSecret, StringComparison.Ordinal);
        Assert.Same(bank, (await store.SnapshotAsync()).FindByKeyHash(Convert.FromHexString(new string('a', 64))));

        Assert.False(await store.PutGrantAsync("bank", "SP000001", ["lock"], PlatformSettings.Unchanged));
        Assert.True(await store.PutGrantAsync("new", "SP000001", ["download"], new PlatformSettings(null, null, [new string('B', 64)])));
        await store.AddApiKeyAsync("new", new string('c', 64));
        var snapshot = await store.SnapshotAsync();
        Assert.Equal("new", snapshot.FindByThumbprint(new string('b', 64))!.Id);
        Assert.Equal("new", snapshot.FindByKeyHash(Convert.FromHexString(new string('c', 64)))!.Id);
        Assert.Equal(2, (await store.ListForProviderAsync("SP000001")).Count);

        Assert.True(await store.RevokeApiKeyAsync("new", new string('c', 64)));
        Assert.Null((await store.SnapshotAsync()).FindByKeyHash(Convert.FromHexString(new string('c', 64))));
        Assert.True(await store.RemoveGrantAsync("new", "SP000001"));
        Assert.Null((await store.SnapshotAsync()).Find("new"));
        Assert.False(await store.RemoveGrantAsync("new", "SP000001"));
        Assert.True(await store.RemoveGrantAsync("bank", "SP000001"));
        Assert.NotNull((await store.SnapshotAsync()).Find("bank"));
        var unknown = await Assert.ThrowsAsync<RefusedException>(() => store.AddApiKeyAsync("nope", new string('d', 64)));
        Assert.Equal(RefusalCode.UnknownPlatform, unknown.Code);
    }
}
