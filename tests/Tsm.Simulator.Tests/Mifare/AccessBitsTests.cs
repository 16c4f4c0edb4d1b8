using Tsm.Protocol;
using Tsm.Simulator.Mifare;

namespace Tsm.Simulator.Tests.Mifare;

public sealed class AccessBitsTests
{
    [Theory]
    [InlineData("FF0780", 0b000, 0b000, 0b000, 0b001)]
    [InlineData("7F0788", 0b000, 0b000, 0b000, 0b011)]
    [InlineData("1780FE", 0b001, 0b011, 0b011, 0b111)]
    public void Decodes_the_checked_examples(string hex, int group0, int group1, int group2, int trailer)
    {
        Assert.True(AccessBits.TryDecode(Hex.Parse(hex), out var bits));
        Assert.Equal(new AccessBits((byte)group0, (byte)group1, (byte)group2, (byte)trailer), bits);
        Assert.Equal(hex, Hex.Format(bits.ToArray()));
    }

    [Fact]
    public void Transport_is_FF0780()
    {
        Assert.Equal("FF0780", Hex.Format(AccessBits.Transport.ToArray()));
        Assert.Equal(1, AccessBits.Transport.Trailer);
    }

    [Fact]
    public void Every_combination_round_trips()
    {
        for (var value = 0; value < 4096; value++)
        {
            var bits = new AccessBits((byte)(value & 7), (byte)((value >> 3) & 7), (byte)((value >> 6) & 7), (byte)(value >> 9));
            Assert.True(AccessBits.TryDecode(bits.ToArray(), out var decoded));
            Assert.Equal(bits, decoded);
        }
    }

    [Fact]
    public void Any_single_flipped_bit_breaks_the_inverted_copy()
    {
        var valid = Hex.Parse("FF0780");
        for (var bit = 0; bit < 24; bit++)
        {
            var broken = (byte[])valid.Clone();
            broken[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(AccessBits.TryDecode(broken, out _));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("FF07")]
    [InlineData("FF078069")]
    [InlineData("000000")]
    [InlineData("FFFFFF")]
    public void Wrong_length_or_inconsistent_bytes_are_rejected(string hex) =>
        Assert.False(AccessBits.TryDecode(Hex.Parse(hex), out _));

    [Fact]
    public void A_condition_above_seven_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AccessBits(8, 0, 0, 0));

    [Fact]
    public void Key_B_is_readable_exactly_in_000_010_001()
    {
        var readable = Enumerable.Range(0, 8).Where(c => AccessRules.KeyBIsReadable((byte)c)).ToArray();
        Assert.Equal(new[] { 0b000, 0b001, 0b010 }, readable);
    }
}
