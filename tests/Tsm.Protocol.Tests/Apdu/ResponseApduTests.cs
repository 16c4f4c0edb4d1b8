using CsCheck;
using Tsm.Protocol.Apdu;

namespace Tsm.Protocol.Tests.Apdu;

/// <summary>Response APDUs, status word names (GP 2.2.1 §11.1.3, ISO/IEC 7816-4 §5.1.3) and AIDs (7816-5).</summary>
public sealed class ResponseApduTests
{
    [Fact]
    public void Response_round_trip()
    {
        Gen.Select(Gen.Byte.Array[0, 300], Gen.UShort).Sample((data, sw) =>
        {
            var response = new ResponseApdu(data, new StatusWord(sw));
            var bytes = response.ToArray();
            Assert.Equal(data.Length + 2, bytes.Length);
            var parsed = ResponseApdu.Parse(bytes);
            Assert.Equal(response, parsed);
            Assert.Equal(sw >> 8, parsed.StatusWord.Sw1);
            Assert.Equal(sw & 0xFF, parsed.StatusWord.Sw2);
        }, iter: 500, threads: 1);
    }

    [Theory]
    [InlineData("")]
    [InlineData("90")]
    public void Short_responses_throw_ApduFormatException(string hex) =>
        Assert.Throws<ApduFormatException>(() => ResponseApdu.Parse(Hex.Parse(hex)));

    [Fact]
    public void Random_bytes_parse_or_throw_ApduFormatException()
    {
        Gen.Byte.Array[0, 8].Sample(bytes =>
        {
            try
            {
                Assert.Equal(bytes, ResponseApdu.Parse(bytes).ToArray());
            }
            catch (ApduFormatException)
            {
                Assert.True(bytes.Length < 2);
            }
        }, iter: 2000, threads: 1);
    }

    [Theory]
    [InlineData(0x9000, "success", true)]
    [InlineData(0x6110, "16 more bytes available", true)]
    [InlineData(0x6310, "more data available", false)]
    [InlineData(0x6300, "authentication failed", false)]
    [InlineData(0x63C2, "verification failed, 2 tries left", false)]
    [InlineData(0x6400, "no specific diagnosis", false)]
    [InlineData(0x6581, "memory failure", false)]
    [InlineData(0x6700, "wrong length", false)]
    [InlineData(0x6881, "logical channel not supported", false)]
    [InlineData(0x6982, "security status not satisfied", false)]
    [InlineData(0x6985, "conditions of use not satisfied", false)]
    [InlineData(0x6A80, "incorrect values in command data", false)]
    [InlineData(0x6A81, "function not supported", false)]
    [InlineData(0x6A82, "application not found", false)]
    [InlineData(0x6A84, "not enough memory space", false)]
    [InlineData(0x6A86, "incorrect P1 P2", false)]
    [InlineData(0x6A88, "referenced data not found", false)]
    [InlineData(0x6C10, "wrong Le, exact length is 16", false)]
    [InlineData(0x6D00, "instruction not supported", false)]
    [InlineData(0x6E00, "class not supported", false)]
    [InlineData(0x9484, "algorithm not supported", false)]
    [InlineData(0x9485, "invalid key check value", false)]
    [InlineData(0x6438, "imported package missing", false)]
    [InlineData(0x62F1, "response data truncated", false)]
    [InlineData(0x6B00, "unknown status", false)]
    public void Status_word_names(ushort value, string name, bool success)
    {
        var sw = new StatusWord(value);
        Assert.Equal(name, sw.Name);
        Assert.Equal(success, sw.IsSuccess);
        Assert.Equal(value.ToString("X4", System.Globalization.CultureInfo.InvariantCulture), sw.ToString());
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(16)]
    public void Aid_lengths_5_to_16_are_accepted(int length)
    {
        var bytes = Enumerable.Range(0xA0, length).Select(b => (byte)b).ToArray();
        var aid = Aid.FromBytes(bytes);
        Assert.Equal(length, aid.Length);
        Assert.Equal(bytes, aid.ToArray());
        Assert.Equal(bytes[..5], aid.Rid.ToArray());
        Assert.Equal(aid, Aid.Parse(aid.ToString()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(17)]
    [InlineData(32)]
    public void Aid_lengths_outside_5_to_16_are_rejected(int length)
    {
        Assert.Throws<FormatException>(() => Aid.FromBytes(new byte[length]));
        Assert.False(Aid.TryParse(Hex.Format(new byte[length]), out _));
    }

    [Fact]
    public void Aid_ordering_and_equality()
    {
        var isd = Aid.Parse("A0000001510000");
        Assert.Equal(Aid.GlobalPlatformIsd, isd);
        Assert.True(Aid.Parse("A000000151") < isd);
        Assert.True(isd > Aid.Parse("A000000151"));
        Assert.NotEqual(isd, Aid.Parse("A0000001510001"));
        Assert.False(Aid.TryParse("not hex", out _));
    }
}
