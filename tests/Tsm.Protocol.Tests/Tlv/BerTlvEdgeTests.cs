using Tsm.Protocol.Tlv;

namespace Tsm.Protocol.Tests.Tlv;

/// <summary>Edge lengths and malformed input for the BER-TLV reader (ISO/IEC 8825-1 §8.1.3).</summary>
public sealed class BerTlvEdgeTests
{
    [Theory]
    [InlineData("04 05 0102030405")]
    [InlineData("04 8105 0102030405")] // non-minimal forms are accepted, as BER allows
    [InlineData("04 820005 0102030405")]
    [InlineData("04 83000005 0102030405")]
    [InlineData("04 8400000005 0102030405")]
    public void Every_length_form_decodes(string hex)
    {
        var tlv = BerTlv.Parse(Hex.Parse(hex));
        Assert.Equal(new BerTag(0x04), tlv.Tag);
        Assert.Equal(Hex.Parse("0102030405"), tlv.Value.ToArray());
        Assert.Equal(Hex.Parse("04050102030405"), tlv.ToArray()); // re-encoded in the shortest form
    }

    [Theory]
    [InlineData(0, "00")]
    [InlineData(127, "7F")]
    [InlineData(128, "8180")]
    [InlineData(255, "81FF")]
    [InlineData(256, "820100")]
    [InlineData(65535, "82FFFF")]
    [InlineData(65536, "83010000")]
    public void Writer_uses_the_shortest_length_form(int length, string expected)
    {
        var tlv = BerTlv.Primitive(0xC4, new byte[length]);
        var bytes = tlv.ToArray();
        Assert.Equal(expected, Hex.Format(bytes.AsSpan(1, expected.Length / 2)));
        Assert.Equal(tlv, BerTlv.Parse(bytes));
    }

    [Theory]
    [InlineData("9F70 01 07", 0x9F70u)]
    [InlineData("5F2D 02 656E", 0x5F2Du)]
    [InlineData("BF8001 00", 0xBF8001u)]
    [InlineData("FF21 03 810102", 0xFF21u)] // ETSI TS 102 226 §8.2.1.7.2 extended card resources
    public void Multi_byte_tags(string hex, uint tag)
    {
        var tlv = BerTlv.Parse(Hex.Parse(hex));
        Assert.Equal(new BerTag(tag), tlv.Tag);
        Assert.Equal(Hex.Parse(hex), tlv.ToArray());
    }

    [Fact]
    public void Extended_card_resources_parse()
    {
        var ff21 = BerTlv.Parse(Hex.Parse("FF2110 8102 0002 8204 00016DB4 8304 0000086A"));
        Assert.True(ff21.Tag.IsConstructed);
        Assert.Equal(3, ff21.Children.Count);
        Assert.Equal(Hex.Parse("00016DB4"), ff21.Find(0x82)!.Value.ToArray());
    }

    [Theory]
    [InlineData("")] // Parse needs exactly one element
    [InlineData("04")] // no length
    [InlineData("04 05 01020304")] // value truncated
    [InlineData("04 81")] // length field truncated
    [InlineData("04 8201")]
    [InlineData("04 84FFFFFFFF")] // beyond int
    [InlineData("04 847FFFFFFF 00")] // far beyond the data
    [InlineData("04 850000000001 00")] // five length bytes
    [InlineData("04 FF")]
    [InlineData("00 01 00")] // 00 is not a tag
    [InlineData("FF")] // a lone FF (padding) is a truncated tag
    [InlineData("FFFFFF 00")] // FF padding is a tag of more than three bytes
    [InlineData("9F")] // multi-byte tag truncated
    [InlineData("9F8181 00")] // four-byte tag
    [InlineData("04 80 0000")] // indefinite length on a primitive
    [InlineData("30 80 040100")] // indefinite without end-of-contents
    [InlineData("30 80 00")]
    [InlineData("30 03 0401")] // child runs past the parent
    [InlineData("30 02 0401 00")] // child runs past the parent, parent fits
    [InlineData("04 01 00 05")] // trailing byte after one element
    public void Malformed_input_throws_TlvFormatException(string hex)
    {
        Assert.Throws<TlvFormatException>(() => BerTlv.Parse(Hex.Parse(hex)));
    }

    [Fact]
    public void Deep_indefinite_nesting_is_rejected()
    {
        byte[] bytes = [.. Enumerable.Repeat<byte[]>([0x30, 0x80], 1000).SelectMany(b => b), .. new byte[2000]];
        Assert.Throws<TlvFormatException>(() => BerTlv.ParseAll(bytes));
        var reader = new BerTlvReader(bytes);
        try
        {
            reader.TryRead(out _, out _);
            Assert.Fail("A 1000-level element was accepted.");
        }
        catch (TlvFormatException)
        {
        }
    }

    [Fact]
    public void Deep_definite_nesting_is_rejected()
    {
        // Built from the inside out as bytes: BerTlv.Constructed re-encodes every level, which is quadratic.
        byte[] bytes = [0x04, 0x01, 0x01];
        for (var i = 0; i < 1000; i++)
        {
            var length = new byte[BerTlvWriter.LengthFieldSize(bytes.Length)];
            BerTlvWriter.WriteLength(length, bytes.Length);
            bytes = [0x30, .. length, .. bytes];
        }
        Assert.Throws<TlvFormatException>(() => BerTlv.ParseAll(bytes));
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_accepted()
    {
        var tlv = BerTlv.Primitive(0x04, [1]);
        for (var i = 0; i < BerTlvReader.MaxDepth; i++)
            tlv = BerTlv.Constructed(0x30, i % 2 == 0, [tlv]);
        Assert.Equal(tlv.ToArray(), BerTlv.Parse(tlv.ToArray()).ToArray());
    }
}
