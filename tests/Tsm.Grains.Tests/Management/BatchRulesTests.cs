using Tsm.Grains.Catalogue;
using Tsm.Grains.Management;
using Tsm.Grains.Ota;

namespace Tsm.Grains.Tests.Management;

public sealed class BatchRulesTests
{
    private static SeBatch Batch(string id, string from, string to) => new() { Id = id, SeIdFrom = from, SeIdTo = to, MasterKeyRef = "gp-test" };

    private static BatchDefinition Definition(SeBatch batch) => new() { Batch = batch };

    [Fact]
    public void A_plain_batch_is_valid() => Assert.Empty(BatchRules.Check(Definition(Batch("b1", "99000000", "990000FF"))));

    [Theory]
    [InlineData("99000000", "9900ZZFF", "seIdTo:")]
    [InlineData("99000000", "990000F", "same length")]
    [InlineData("990000FF", "99000000", "after")]
    public void Bad_ranges_are_named(string from, string to, string reason) =>
        Assert.Contains(reason, Assert.Single(BatchRules.Check(Definition(Batch("b1", from, to)))), StringComparison.Ordinal);

    [Fact]
    public void Presets_are_checked()
    {
        var definition = Definition(Batch("b1", "99000000", "990000FF")) with
        {
            PresetApplications = [new BatchPreset { Aid = "A000000333010101" }, new BatchPreset { Aid = "a000000333010101" }],
            PresetSecurityDomains = [new BatchPreset { Aid = "XYZ" }],
        };
        var problems = BatchRules.Check(definition);
        Assert.Contains(problems, p => p.Contains("more than once", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("presetSecurityDomains: AID 'XYZ'", StringComparison.Ordinal));
    }

    [Fact]
    public void An_overlap_names_the_other_batch()
    {
        var refused = Assert.Throws<RefusedException>(() =>
            BatchRules.RequireNoOverlap(Batch("new", "990000FF", "990001FF"), [Batch("old", "99000000", "990000FF")]));
        Assert.Equal(RefusalCode.BatchRangeOverlap, refused.Refusal.Code);
        Assert.Contains("'old'", refused.Message, StringComparison.Ordinal);
        // The batch itself is not "another" batch (a replace keeps its own range).
        BatchRules.RequireNoOverlap(Batch("old", "99000000", "990001FF"), [Batch("OLD", "99000000", "990000FF")]);
    }

    [Fact]
    public void A_new_range_keeps_the_registered_ses()
    {
        BatchRules.RequireKeepsRegistered(Batch("b", "99000010", "990000FF"), ["99000010", "990000FF"]);
        var refused = Assert.Throws<RefusedException>(() => BatchRules.RequireKeepsRegistered(Batch("b", "99000020", "990000FF"), ["99000010"]));
        Assert.Equal(RefusalCode.BatchHasSes, refused.Refusal.Code);
        Assert.Contains("99000010", refused.Message, StringComparison.Ordinal);
        Assert.Equal(RefusalCode.BatchHasSes, Assert.Throws<RefusedException>(() => BatchRules.RequireNoRegistered("b", 1)).Refusal.Code);
    }

    [Theory]
    [InlineData("13800000001", true)]
    [InlineData("+8613800000001", true)]
    [InlineData("1380", false)]
    [InlineData("13800a00001", false)]
    [InlineData("", false)]
    public void Test_numbers_are_msisdns(string msisdn, bool valid) => Assert.Equal(valid, TestNumberRules.CheckMsisdn(msisdn) is null);
}
