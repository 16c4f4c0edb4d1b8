using Tsm.Protocol.Scp80;

namespace Tsm.Protocol.Tests.Scp80;

/// <summary>The counter rules of TS 102 225 §5.1.1 (SPI b5 b4), case by case.</summary>
public sealed class CounterRuleTests
{
    [Theory]
    [InlineData(Scp80CounterMode.NoCounter, 5UL, 0UL, PorStatus.Ok, 5UL)]
    [InlineData(Scp80CounterMode.NoCounter, CounterRule.Max, 0UL, PorStatus.Ok, CounterRule.Max)]
    [InlineData(Scp80CounterMode.NoReplayCheck, 5UL, 3UL, PorStatus.Ok, 5UL)]
    [InlineData(Scp80CounterMode.Higher, 5UL, 6UL, PorStatus.Ok, 6UL)]
    [InlineData(Scp80CounterMode.Higher, 5UL, 900UL, PorStatus.Ok, 900UL)]
    [InlineData(Scp80CounterMode.Higher, 5UL, 5UL, PorStatus.CounterLow, 5UL)]
    [InlineData(Scp80CounterMode.Higher, 5UL, 4UL, PorStatus.CounterLow, 5UL)]
    [InlineData(Scp80CounterMode.Higher, CounterRule.Max - 1, CounterRule.Max, PorStatus.Ok, CounterRule.Max)]
    [InlineData(Scp80CounterMode.Higher, CounterRule.Max, CounterRule.Max, PorStatus.CounterBlocked, CounterRule.Max)]
    [InlineData(Scp80CounterMode.OneHigher, 5UL, 6UL, PorStatus.Ok, 6UL)]
    [InlineData(Scp80CounterMode.OneHigher, 5UL, 7UL, PorStatus.CounterHigh, 5UL)]
    [InlineData(Scp80CounterMode.OneHigher, 5UL, 5UL, PorStatus.CounterLow, 5UL)]
    [InlineData(Scp80CounterMode.OneHigher, 0UL, 1UL, PorStatus.Ok, 1UL)]
    [InlineData(Scp80CounterMode.OneHigher, CounterRule.Max, 0UL, PorStatus.CounterBlocked, CounterRule.Max)]
    public void Checks_and_stores_as_the_spi_says(Scp80CounterMode mode, ulong stored, ulong received, PorStatus status, ulong after)
    {
        var result = CounterRule.Check(mode, stored, received);
        Assert.Equal(status, result);
        Assert.Equal(after, result == PorStatus.Ok ? CounterRule.Next(mode, stored, received) : stored);
    }

    [Fact]
    public void Values_beyond_five_octets_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CounterRule.Check(Scp80CounterMode.Higher, 0, CounterRule.Max + 1));
}
