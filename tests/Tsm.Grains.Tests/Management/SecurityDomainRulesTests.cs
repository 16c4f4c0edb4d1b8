using Tsm.Grains.Catalogue;
using Tsm.Grains.Management;
using Tsm.Grains.Ota;

namespace Tsm.Grains.Tests.Management;

public sealed class SecurityDomainRulesTests
{
    private static readonly SecurityDomainDefinition Bank = new() { Aid = "A00000015153530100", Owner = "bank", FixedSpace = 2048, KeyUpdatePeriod = TimeSpan.FromDays(90) };

    [Fact]
    public void A_plain_definition_is_valid() => Assert.Empty(SecurityDomainRules.Check(Bank));

    [Theory]
    [InlineData("mode")]
    [InlineData("fixedSpace")]
    [InlineData("fixedVolatileSpace")]
    [InlineData("keyVersion")]
    [InlineData("maxFailedAuthentications")]
    [InlineData("securityLevel")]
    [InlineData("keyUpdatePeriod")]
    [InlineData("loadFileAid")]
    [InlineData("owner")]
    public void Each_bad_attribute_is_named(string attribute)
    {
        var bad = attribute switch
        {
            "mode" => Bank with { Mode = 1 },
            "fixedSpace" => Bank with { FixedSpace = -1 },
            "fixedVolatileSpace" => Bank with { FixedSpace = null, FixedVolatileSpace = 256 },
            "keyVersion" => Bank with { KeyVersion = 0x80 },
            "maxFailedAuthentications" => Bank with { MaxFailedAuthentications = 0 },
            "securityLevel" => Bank with { SecurityLevel = 2 },
            "keyUpdatePeriod" => Bank with { KeyUpdatePeriod = TimeSpan.FromHours(1) },
            "loadFileAid" => Bank with { LoadFileAid = "A0000" },
            _ => Bank with { Owner = "bank; drop" },
        };
        Assert.StartsWith(attribute + ":", Assert.Single(SecurityDomainRules.Check(bad)), StringComparison.Ordinal);
    }

    [Fact]
    public void Before_creation_on_an_se_everything_may_change() =>
        SecurityDomainRules.RequireEditable(SecurityDomainState.Approved, createdOnSe: false, Bank, Bank with { KeyVersion = 0x31, Mode = 3 });

    [Fact]
    public void Once_created_only_the_deletion_rule_and_the_key_update_period_change()
    {
        SecurityDomainRules.RequireEditable(SecurityDomainState.Approved, createdOnSe: true, Bank,
            Bank with { DeleteWithLastApplication = true, KeyUpdatePeriod = TimeSpan.FromDays(30) });
        var refused = Assert.Throws<RefusedException>(() => SecurityDomainRules.RequireEditable(SecurityDomainState.Approved, createdOnSe: true, Bank,
            Bank with { KeyVersion = 0x31, KeyUpdatePeriod = TimeSpan.FromDays(30) }));
        Assert.Equal(RefusalCode.SecurityDomainLocked, refused.Refusal.Code);
        Assert.Contains("not keyVersion", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("keyUpdatePeriod,", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_created_sd_cannot_be_deleted_and_an_uncreated_one_can()
    {
        SecurityDomainRules.RequireDeletable(Bank.Aid, createdOnSe: false);
        Assert.Equal(RefusalCode.SecurityDomainLocked, Assert.Throws<RefusedException>(() => SecurityDomainRules.RequireDeletable(Bank.Aid, createdOnSe: true)).Refusal.Code);
    }

    [Fact]
    public void A_rejected_definition_is_not_edited() =>
        Assert.Equal(RefusalCode.SecurityDomainNotPending,
            Assert.Throws<RefusedException>(() => SecurityDomainRules.RequireEditable(SecurityDomainState.Rejected, false, Bank, Bank)).Refusal.Code);

    [Fact]
    public void Only_another_account_decides_and_only_once()
    {
        SecurityDomainRules.RequireDecidable(Bank.Aid, SecurityDomainState.Pending, "alice", "bob");
        Assert.Equal(RefusalCode.SelfApproval,
            Assert.Throws<RefusedException>(() => SecurityDomainRules.RequireDecidable(Bank.Aid, SecurityDomainState.Pending, "alice", "ALICE")).Refusal.Code);
        Assert.Equal(RefusalCode.SecurityDomainNotPending,
            Assert.Throws<RefusedException>(() => SecurityDomainRules.RequireDecidable(Bank.Aid, SecurityDomainState.Approved, "alice", "bob")).Refusal.Code);
    }
}
