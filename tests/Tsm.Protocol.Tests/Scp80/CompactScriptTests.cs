using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scp80;

namespace Tsm.Protocol.Tests.Scp80;

/// <summary>The compact remote format of TS 102 226 §5.1, with vectors laid out by hand.</summary>
public sealed class CompactScriptTests
{
    [Fact]
    public void Concatenates_commands_as_t0_headers_with_p3()
    {
        var commands = new[]
        {
            CommandApdu.Parse("80F24000024F0000"), // case 4: P3 = Lc, Le dropped
            CommandApdu.Parse("80CA006600"), // GET DATA, case 2: P3 = Le
            CommandApdu.Parse("80E60C001E05A00000000106A0000000010107A0000000010101010005C903AABBCC0000"), // INSTALL, Lc 1E
            new CommandApdu(0x80, 0xF0, 0x80, 0x07), // case 1: P3 = 00
        };
        var script = CompactScript.Encode(commands);
        Assert.Equal(
            "80F24000024F00" + "80CA006600" + "80E60C001E05A00000000106A0000000010107A0000000010101010005C903AABBCC00" + "80F0800700",
            Hex.Format(script));
        var decoded = CompactScript.Decode(script);
        Assert.Equal(4, decoded.Count);
        Assert.Equal(commands[0].Data.ToArray(), decoded[0].Data.ToArray());
        Assert.Equal(256, decoded[1].Ne);
        Assert.Equal(commands[2].Data.ToArray(), decoded[2].Data.ToArray());
        Assert.True(decoded[3].Data.IsEmpty);
    }

    [Theory]
    [InlineData("80F240")] // header cut
    [InlineData("80F24000044F00")] // P3 4, 2 data octets
    [InlineData("80F24000024F0080")] // second header cut
    public void Truncated_scripts_are_malformed(string hex)
    {
        var error = Assert.Throws<Scp80FormatException>(() => CompactScript.Decode(Hex.Parse(hex)));
        Assert.Equal(Scp80Fault.Malformed, error.Fault);
    }

    [Fact]
    public void Compact_response_is_count_status_word_then_data()
    {
        var response = new CompactResponse(2, ResponseApdu.Parse("E3054F03A000009000"));
        Assert.Equal("02" + "9000" + "E3054F03A00000", Hex.Format(response.Encode()));
        Assert.Equal(response, CompactResponse.Decode(response.Encode()));
        Assert.Throws<Scp80FormatException>(() => CompactResponse.Decode(Hex.Parse("0190")));
    }
}
