using Tsm.Gateway.Regions;

namespace Tsm.Gateway.Tests.Regions;

public sealed class RegionCodeTests
{
    [Theory]
    [InlineData("440000", RegionLevel.Province, "44", null)]
    [InlineData("440100", RegionLevel.City, "4401", "440000")]
    [InlineData("440106", RegionLevel.County, "440106", "440100")]
    [InlineData("110105", RegionLevel.County, "110105", "110100")]
    [InlineData("429004", RegionLevel.County, "429004", "429000")]
    public void A_code_gives_its_level_prefix_and_parent(string text, RegionLevel level, string prefix, string? parent)
    {
        Assert.True(RegionCode.TryParse(text, out var code, out var error));
        Assert.Null(error);
        Assert.Equal((text, level, prefix), (code.Value, code.Level, code.Prefix));
        Assert.Equal(parent, code.Parent?.Value);
        Assert.Equal(text, code.ToString());
        Assert.Equal(code, RegionCode.Parse(text));
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("44010", "six digits")]
    [InlineData("4401060", "six digits")]
    [InlineData("44010a", "six digits")]
    [InlineData("４４０１０６", "six digits")]
    [InlineData("000000", "never 00")]
    [InlineData("001100", "never 00")]
    [InlineData("440006", "county")]
    public void Malformed_codes_are_refused_with_the_reason(string? text, string reason)
    {
        Assert.False(RegionCode.TryParse(text, out var code, out var error));
        Assert.Null(code);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        if (text is not null)
            Assert.Contains(reason, Assert.Throws<FormatException>(() => RegionCode.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_province_contains_its_cities_and_counties_and_nothing_else()
    {
        var guangdong = RegionCode.Parse("440000");
        var guangzhou = RegionCode.Parse("440100");
        var tianhe = RegionCode.Parse("440106");
        var shenzhen = RegionCode.Parse("440300");
        var beijing = RegionCode.Parse("110000");

        Assert.True(guangdong.Contains(guangdong));
        Assert.True(guangdong.Contains(guangzhou));
        Assert.True(guangdong.Contains(tianhe));
        Assert.True(guangzhou.Contains(tianhe));
        Assert.True(tianhe.Contains(tianhe));
        Assert.False(guangzhou.Contains(guangdong));
        Assert.False(tianhe.Contains(guangzhou));
        Assert.False(guangzhou.Contains(shenzhen));
        Assert.False(beijing.Contains(tianhe));
        Assert.False(guangdong.Contains(null));
    }

    [Fact]
    public void Codes_are_values()
    {
        Assert.Equal(RegionCode.Parse("440106"), RegionCode.Parse("440106"));
        Assert.Equal(RegionCode.Parse("440106").GetHashCode(), RegionCode.Parse("440106").GetHashCode());
        Assert.NotEqual(RegionCode.Parse("440106"), RegionCode.Parse("440100"));
        Assert.Equal(RegionCode.Parse("440100"), RegionCode.Parse("440106").Parent);
        Assert.True(RegionCode.Parse("110000").CompareTo(RegionCode.Parse("440000")) < 0);
    }

    [Fact]
    public void Codes_travel_as_strings_and_levels_as_lower_case_names()
    {
        var json = System.Text.Json.JsonSerializer.SerializeToElement(new Region(RegionCode.Parse("440106"), "天河区"), Gateway.Api.RegionsJsonContext.Default.Region);
        Assert.Equal(
            ["code=440106", "name=天河区", "level=county", "parentCode=440100"],
            json.EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}"));
    }
}
