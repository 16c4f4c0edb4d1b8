using Tsm.Gateway.Regions;

namespace Tsm.Gateway.Tests.Regions;

public sealed class RegionSnapshotTests
{
    private static readonly RegionSnapshot Snapshot = new(
        [new Region(RegionCode.Parse("440000"), "广东省"), new Region(RegionCode.Parse("440100"), "广州市"), new Region(RegionCode.Parse("440106"), "天河区")],
        [
            new NumberSegment("138", RegionCode.Parse("440000")),
            new NumberSegment("1380013", RegionCode.Parse("440106")),
            new NumberSegment("13800", RegionCode.Parse("440100")),
            new NumberSegment("13800138000", RegionCode.Parse("440000")),
        ]);

    [Theory]
    [InlineData("13800130000", "1380013", "440106")]
    [InlineData("13800200000", "13800", "440100")]
    [InlineData("13812345678", "138", "440000")]
    [InlineData("13800138000", "13800138000", "440000")]
    [InlineData("8613800130000", "1380013", "440106")]
    [InlineData("+8613800130000", "1380013", "440106")]
    [InlineData("1380013", "1380013", "440106")]
    public void The_longest_matching_segment_gives_the_home_region(string msisdn, string prefix, string region)
    {
        Assert.Equal(new NumberSegment(prefix, RegionCode.Parse(region)), Snapshot.SegmentOf(msisdn));
        Assert.Equal(RegionCode.Parse(region), Snapshot.HomeRegionOf(msisdn));
    }

    [Theory]
    [InlineData("13900000000")]
    [InlineData("13")]
    [InlineData("")]
    public void A_number_outside_every_segment_has_no_home_region(string msisdn) => Assert.Null(Snapshot.HomeRegionOf(msisdn));

    [Fact]
    public void Segments_within_a_region_include_those_of_the_regions_below()
    {
        Assert.Equal(["138", "13800", "1380013", "13800138000"], Snapshot.SegmentsWithin(RegionCode.Parse("440000")));
        Assert.Equal(["13800", "1380013"], Snapshot.SegmentsWithin(RegionCode.Parse("440100")));
        Assert.Empty(Snapshot.SegmentsWithin(RegionCode.Parse("110000")));
    }

    [Theory]
    [InlineData("138", true)]
    [InlineData("13800138000", true)]
    [InlineData("13", false)]
    [InlineData("138001380001", false)]
    [InlineData("138a", false)]
    [InlineData(null, false)]
    public void Segments_are_3_to_11_digits(string? prefix, bool valid) => Assert.Equal(valid, NumberSegment.CheckPrefix(prefix) is null);
}
