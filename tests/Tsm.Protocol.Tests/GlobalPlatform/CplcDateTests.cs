using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Protocol.Tests.GlobalPlatform;

/// <summary>CPLC YDDD dates: year digit and day of the year in BCD.</summary>
public sealed class CplcDateTests
{
    [Theory]
    [InlineData(2026, 1, 1, 0x6001)]
    [InlineData(2026, 12, 7, 0x6341)]
    [InlineData(2024, 12, 31, 0x4366)]
    [InlineData(2030, 4, 10, 0x0100)]
    public void Encodes_year_digit_and_day_of_year(int year, int month, int day, int expected)
    {
        Assert.Equal((ushort)expected, CplcDate.Encode(new DateOnly(year, month, day)));
        Assert.True(CplcDate.TryDecode((ushort)expected, new DateOnly(year, 12, 31), out var decoded));
        Assert.Equal(new DateOnly(year, month, day), decoded);
    }

    [Theory]
    [InlineData(0x2610)] // day 610
    [InlineData(0x6000)] // day 0
    [InlineData(0x6366)] // 2026 has 365 days
    [InlineData(0x6A01)] // not BCD
    [InlineData(0xA001)]
    public void Rejects_values_that_are_not_dates(int value) =>
        Assert.False(CplcDate.TryDecode((ushort)value, new DateOnly(2026, 12, 31), out _));

    [Fact]
    public void Decodes_into_the_latest_matching_year() =>
        Assert.Equal(new DateOnly(2019, 1, 1), CplcDate.TryDecode(0x9001, new DateOnly(2026, 6, 1), out var d) ? d : default);
}
