using Tsm.Protocol;
using Tsm.Simulator.Mifare;

namespace Tsm.Simulator.Tests.Mifare;

public sealed class ValueBlockTests
{
    [Fact]
    public void Encodes_value_inverted_value_value_and_address_four_times() =>
        Assert.Equal("64000000" + "9BFFFFFF" + "64000000" + "05FA05FA", Hex.Format(ValueBlock.Encode(100, 5)));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void Round_trips(int value)
    {
        Assert.True(ValueBlock.TryDecode(ValueBlock.Encode(value, 9), out var decoded, out var address));
        Assert.Equal(value, decoded);
        Assert.Equal(9, address);
    }

    [Fact]
    public void Any_corrupted_byte_is_rejected()
    {
        var valid = ValueBlock.Encode(1234, 4);
        for (var i = 0; i < 16; i++)
        {
            var broken = (byte[])valid.Clone();
            broken[i] ^= 0x01;
            Assert.False(ValueBlock.TryDecode(broken, out _, out _));
        }
        Assert.False(ValueBlock.TryDecode(new byte[16], out _, out _));
        Assert.False(ValueBlock.TryDecode(valid.AsSpan(1), out _, out _));
    }
}
