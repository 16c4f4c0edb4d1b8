using Tsm.Grains.Catalogue;
using Tsm.Grains.Domain;
using Tsm.Grains.Keys;
using Tsm.Grains.Ota;

namespace Tsm.Grains.Tests.Domain;

/// <summary>
/// The SDs the platform created on one SE (docs/requirements.md 5.8.3) and their key update period (5.3.1): what a
/// finished task changes, and which SDs are due for new keys. No silo, no HTTP.
/// </summary>
public sealed class SecurityDomainLedgerTests
{
    private const string Sd = "A000000151000001";
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly ProtectedKeySet Generated = new(0x31, "protected", "AABBCC");
    private static readonly SecurityDomainDefinition OperatorSd = new() { Aid = Sd, KeyVersion = 0x30, FixedSpace = 4096, KeyUpdatePeriod = TimeSpan.FromDays(90) };
    private static readonly SecurityDomainDefinition ProviderSd = new() { Aid = Sd, Owner = "bank" };

    private readonly Dictionary<string, SecurityDomainOnSe> _stored = new(StringComparer.OrdinalIgnoreCase);

    private SecurityDomainLedger Ledger => new(_stored);

    [Fact]
    public void A_created_operator_sd_holds_the_keys_the_card_reported()
    {
        var create = TestTasks.Of(OperationKind.CreateSecurityDomain, sd: Sd) with { NewKeySet = Generated };
        var facts = new CardFacts { SecurityDomainKeyVersion = 0x31, SecurityDomainPersonalized = true };
        Assert.Equal(SecurityDomainChange.Created, Ledger.Apply(create, succeeded: true, facts, OperatorSd, Now));
        var onSe = Ledger.Find(Sd.ToLowerInvariant())!;
        Assert.Equal(new SecurityDomainOnSe
        {
            Personalized = true, Keys = Generated, KeyVersion = 0x31, FixedSpace = 4096, CreatedAt = Now, KeysUpdatedAt = Now,
        }, onSe);
        Assert.Equal([Generated], onSe.KeySets);
        Assert.Equal(new SecurityDomainView(Sd, "", true, 0x31, 4096), Ledger.Views()[Sd]);
    }

    [Fact]
    public void A_failed_create_is_recorded_once_the_card_holds_the_new_keys_and_not_before()
    {
        var create = TestTasks.Of(OperationKind.CreateSecurityDomain, sd: Sd) with { NewKeySet = Generated };
        Assert.Equal(SecurityDomainChange.None, Ledger.Apply(create, succeeded: false, new CardFacts(), OperatorSd, Now));
        Assert.False(Ledger.Contains(Sd));
        Assert.Equal(SecurityDomainChange.Created, Ledger.Apply(create, succeeded: false, new CardFacts { SecurityDomainKeyVersion = 0x31 }, OperatorSd, Now));
        Assert.Equal((false, Generated), (Ledger.Find(Sd)!.Personalized, Ledger.Find(Sd)!.Keys));
    }

    [Fact]
    public void A_third_partys_sd_is_recorded_without_keys_the_platform_does_not_hold()
    {
        var keys = new ProviderKeySet(0x21, ["00", "00", "00"], ["00", "00", "00"]);
        var create = TestTasks.Of(OperationKind.CreateSecurityDomain, sd: Sd).WithProviderKeys(keys);
        Ledger.Apply(create, succeeded: true, new CardFacts { SecurityDomainKeyVersion = 0x21, SecurityDomainPersonalized = true }, ProviderSd, Now);
        var onSe = Ledger.Find(Sd)!;
        Assert.Equal(("bank", (byte)0x21, Now), (onSe.Owner, onSe.KeyVersion!.Value, onSe.KeysUpdatedAt!.Value));
        Assert.Null(onSe.Keys);
        Assert.Empty(onSe.KeySets);
    }

    [Fact]
    public void A_download_that_creates_its_sd_first_records_it()
    {
        var download = TestTasks.Of(OperationKind.Download, aid: "A0000003330101", sd: Sd) with { CreateSecurityDomainFirst = true, NewKeySet = Generated };
        Assert.Equal(SecurityDomainChange.Created, Ledger.Apply(download, succeeded: true, new CardFacts { SecurityDomainKeyVersion = 0x31 }, OperatorSd, Now));
        Assert.Equal(SecurityDomainChange.None, Ledger.Apply(download with { CreateSecurityDomainFirst = false }, true, new CardFacts(), OperatorSd, Now));
    }

    [Fact]
    public void A_key_update_replaces_the_keys_once_the_card_reports_the_new_version()
    {
        _stored[Sd] = new SecurityDomainOnSe { Keys = Generated, KeyVersion = 0x31, KeysUpdatedAt = Now.AddDays(-100), Personalized = true };
        var next = new ProtectedKeySet(0x32, "next", "DDEEFF");
        var update = TestTasks.Of(OperationKind.UpdateSecurityDomainKeys, sd: Sd) with { NewKeySet = next };
        Assert.Equal(SecurityDomainChange.None, Ledger.Apply(update, succeeded: false, new CardFacts { SecurityDomainKeyVersion = 0x31 }, OperatorSd, Now));
        Assert.Equal((byte)0x31, Ledger.Find(Sd)!.KeyVersion);
        Assert.Equal(SecurityDomainChange.KeysReplaced, Ledger.Apply(update, succeeded: false, new CardFacts { SecurityDomainKeyVersion = 0x32 }, OperatorSd, Now));
        var onSe = Ledger.Find(Sd)!;
        Assert.Equal(((byte)0x32, Now, true), (onSe.KeyVersion!.Value, onSe.KeysUpdatedAt!.Value, onSe.Personalized));
        Assert.Equal(next, onSe.Keys);
    }

    [Fact]
    public void A_key_update_of_an_sd_not_in_the_ledger_changes_nothing()
    {
        var update = TestTasks.Of(OperationKind.UpdateSecurityDomainKeys, sd: Sd) with { NewKeySet = Generated };
        Assert.Equal(SecurityDomainChange.None, Ledger.Apply(update, true, new CardFacts { SecurityDomainKeyVersion = 0x31 }, OperatorSd, Now));
        Assert.Empty(_stored);
    }

    [Fact]
    public void An_sd_delete_removes_it_and_so_does_a_delete_of_its_last_application_when_the_card_deleted_it()
    {
        _stored[Sd] = new SecurityDomainOnSe();
        Assert.Equal(SecurityDomainChange.None, Ledger.Apply(TestTasks.Of(OperationKind.DeleteSecurityDomain, sd: Sd), false, null, OperatorSd, Now));
        Assert.Equal(SecurityDomainChange.Deleted, Ledger.Apply(TestTasks.Of(OperationKind.DeleteSecurityDomain, sd: Sd), true, null, OperatorSd, Now));
        _stored[Sd] = new SecurityDomainOnSe();
        var delete = TestTasks.Of(OperationKind.Delete, aid: "A0000003330101", sd: Sd) with { DeleteSecurityDomainAfter = true };
        Assert.Equal(SecurityDomainChange.None, Ledger.Apply(delete, true, new CardFacts { SecurityDomainDeleted = false }, OperatorSd, Now));
        Assert.Equal(SecurityDomainChange.Deleted, Ledger.Apply(delete, false, new CardFacts { SecurityDomainDeleted = true }, OperatorSd, Now));
        Assert.Empty(_stored);
    }

    [Fact]
    public void A_sync_forgets_sds_gone_from_the_card_and_reads_whether_the_others_are_personalized()
    {
        _stored["A1"] = new SecurityDomainOnSe { Personalized = false };
        _stored["A2"] = new SecurityDomainOnSe { Personalized = true };
        _stored["A3"] = new SecurityDomainOnSe { Personalized = true };
        var facts = new CardFacts { Instances = new Dictionary<string, byte>(StringComparer.OrdinalIgnoreCase) { ["A1"] = 0x8F, ["A2"] = 0x07 } };
        Assert.Equal(SecurityDomainChange.Reconciled, Ledger.Apply(TestTasks.Of(OperationKind.Sync), true, facts, null, Now));
        Assert.Equal([("A1", true), ("A2", false)], _stored.OrderBy(d => d.Key).Select(d => (d.Key, d.Value.Personalized)));
        Assert.Equal(SecurityDomainChange.None, Ledger.Apply(TestTasks.Of(OperationKind.Sync), false, facts, null, Now));
    }

    [Fact]
    public void An_operator_sd_is_due_for_new_keys_once_its_period_has_passed_and_none_is_queued()
    {
        _stored[Sd] = new SecurityDomainOnSe { Personalized = true, KeyVersion = 0x31, KeysUpdatedAt = Now - TimeSpan.FromDays(90) };
        var queue = new TaskQueue([]);
        var due = Assert.Single(Ledger.DueKeyUpdates(_ => OperatorSd, queue, Now));
        Assert.Equal((Sd, OperatorSd), (due.Aid, due.Definition));
        Assert.Empty(Ledger.DueKeyUpdates(_ => OperatorSd, queue, Now - TimeSpan.FromSeconds(1)));
        queue.Enqueue(new QueuedTask(TestTasks.Of(OperationKind.UpdateSecurityDomainKeys, sd: Sd), false, []));
        Assert.Empty(Ledger.DueKeyUpdates(_ => OperatorSd, queue, Now));
    }

    [Fact]
    public void Third_party_sds_sds_without_a_period_unpersonalized_ones_and_unknown_ones_are_never_due()
    {
        var old = Now.AddYears(-1);
        _stored[Sd] = new SecurityDomainOnSe { Personalized = true, KeysUpdatedAt = old };
        var queue = new TaskQueue([]);
        Assert.Empty(Ledger.DueKeyUpdates(_ => ProviderSd with { KeyUpdatePeriod = TimeSpan.FromDays(1) }, queue, Now));
        Assert.Empty(Ledger.DueKeyUpdates(_ => OperatorSd with { KeyUpdatePeriod = null }, queue, Now));
        Assert.Empty(Ledger.DueKeyUpdates(_ => null, queue, Now));
        _stored[Sd] = new SecurityDomainOnSe { Personalized = false, KeysUpdatedAt = old };
        Assert.Empty(Ledger.DueKeyUpdates(_ => OperatorSd, queue, Now));
    }

    [Theory]
    [InlineData(null, 0x31)]
    [InlineData(0x31, 0x32)]
    [InlineData(0x7F, 0x01)]
    public void The_next_key_version_is_one_up_wrapping_after_7F(int? current, int next) =>
        Assert.Equal(next, new SecurityDomainOnSe { KeyVersion = (byte?)current }.NextKeyVersion(OperatorSd));
}
