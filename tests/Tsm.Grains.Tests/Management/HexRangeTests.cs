using Tsm.Grains.Management;

namespace Tsm.Grains.Tests.Management;

public sealed class HexRangeTests
{
    private static HexRange Range(string from, string to) =>
        HexRange.TryParse(from, to, 4, 64, evenDigits: false, out var problem) ?? throw new InvalidOperationException(problem);

    [Theory]
    [InlineData("8600", "86FF", "8700", "87FF", false)] // apart
    [InlineData("8600", "86FF", "8700", "8700", false)] // adjacent: 86FF then 8700
    [InlineData("8600", "86FF", "86FF", "87FF", true)] // touching: a shared end is a shared SEID
    [InlineData("8600", "86FF", "8610", "8620", true)] // contained
    [InlineData("8610", "8620", "8600", "86FF", true)] // containing
    [InlineData("8600", "86FF", "8650", "87FF", true)] // crossing
    [InlineData("8600", "86FF", "860000", "86FFFF", false)] // different lengths never share an SEID
    [InlineData("86aa", "86ff", "86AB", "86AB", true)] // case does not matter
    public void Overlap_is_a_shared_seid(string a1, string a2, string b1, string b2, bool overlaps)
    {
        Assert.Equal(overlaps, Range(a1, a2).Overlaps(Range(b1, b2)));
        Assert.Equal(overlaps, Range(b1, b2).Overlaps(Range(a1, a2)));
    }

    [Theory]
    [InlineData("86G0", "86FF", "from:")]
    [InlineData("8600", "86FFF", "same length")]
    [InlineData("86FF", "8600", "after")]
    [InlineData("", "8600", "from:")]
    [InlineData("860", "860", "4 to 64")]
    public void Malformed_ranges_are_refused_with_the_reason(string from, string to, string reason)
    {
        Assert.Null(HexRange.TryParse(from, to, 4, 64, evenDigits: false, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_odd_number_of_digits_is_refused_where_bytes_are_expected() =>
        Assert.Null(HexRange.TryParse("A000001", "A0000FF", 4, 64, evenDigits: true, out _));

    [Theory]
    [InlineData("00", "01")]
    [InlineData("0F", "10")]
    [InlineData("A0FF", "A100")]
    [InlineData("FF", null)]
    public void The_successor_keeps_the_length(string value, string? next) => Assert.Equal(next, HexRange.Successor(value));

    [Fact]
    public void Only_values_of_the_same_length_are_in_a_range()
    {
        var range = Range("8600", "86FF");
        Assert.True(range.Contains("8600"));
        Assert.True(range.Contains("86ff"));
        Assert.False(range.Contains("8700"));
        Assert.False(range.Contains("86000"));
    }
}
