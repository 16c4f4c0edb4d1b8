using CsCheck;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scripts;

namespace Tsm.Protocol.Tests.Scripts;

/// <summary>Response scripting templates AB / AF (ETSI TS 102 226 §5.2.2).</summary>
public sealed class ResponseScriptTests
{
    [Fact]
    public void Ff21_response_in_an_indefinite_template()
    {
        // The answer to pySim's GET DATA FF21 script: 2 apps, 93620 bytes NVM, 2154 bytes RAM (docs/protocol.md "Card content management facts").
        var rapdu = ResponseApdu.Parse("FF2110 8102 0002 8204 00016DB4 8304 0000086A 9000");
        var script = new ResponseScript(1, [rapdu], isIndefinite: true);

        Assert.Equal("AF808001012315FF2110810200028204" + "00016DB483040000086A90000000", script.ToString());
        var parsed = ResponseScript.Parse(script.ToArray());
        Assert.Equal(script, parsed);
        Assert.Equal(1, parsed.ExecutedCommands);
        Assert.Equal(StatusWords.Success, parsed.LastResponse!.StatusWord);
    }

    [Fact]
    public void Definite_template_with_every_optional_tlv()
    {
        var script = new ResponseScript(
            2,
            [ResponseApdu.Parse("9000"), ResponseApdu.Parse("6A88")],
            BadFormatCode.WrongLength,
            immediateActionResponse: 0x01,
            chainingResult: ScriptChainingResult.NoPreviousScript);

        Assert.Equal("AB14800102" + "23029000" + "23026A88" + "810101" + "900102" + "830101", script.ToString());
        Assert.Equal(script, ResponseScript.Parse(script.ToArray()));
    }

    [Fact]
    public void Tlvs_may_come_in_any_order()
    {
        var parsed = ResponseScript.Parse("AB0A 900101 23029000 800100");
        Assert.Equal(0, parsed.ExecutedCommands);
        Assert.Equal(BadFormatCode.UnknownTag, parsed.BadFormat);
        Assert.Single(parsed.Responses);
    }

    [Theory]
    [InlineData("AB00", null)] // no number of executed C-APDUs
    [InlineData("AB06 800101 800101", null)] // repeated
    [InlineData("AB05 800101 2301", BadFormatCode.WrongLength)]
    [InlineData("AB05 800101 2201", BadFormatCode.UnknownTag)] // 22 is a command tag
    [InlineData("AA03 800101", BadFormatCode.UnknownTag)]
    [InlineData("AB04 80020001", null)] // fine: two-byte count
    [InlineData("AB05 8003000001", BadFormatCode.WrongLength)]
    [InlineData("AF80 800101", null)] // missing end-of-contents
    [InlineData("AB07 800101 90020102", BadFormatCode.WrongLength)]
    public void Malformed_response_scripts(string hex, BadFormatCode? code)
    {
        var bytes = Hex.Parse(hex);
        if (hex == "AB04 80020001")
        {
            Assert.Equal(1, ResponseScript.Parse(bytes).ExecutedCommands);
            return;
        }
        var e = Assert.Throws<ScriptFormatException>(() => ResponseScript.Parse(bytes));
        Assert.Equal(code, e.Code);
    }

    [Fact]
    public void Random_response_scripts_round_trip()
    {
        var rapdu = Gen.Select(Gen.Byte.Array[0, 300], Gen.UShort).Select((d, sw) => new ResponseApdu(d, new StatusWord(sw)));
        var gen = Gen.Select(rapdu.Array[0, 6], Gen.Int[0, 300], Gen.Bool, Gen.Byte[0, 3]);
        gen.Sample((responses, count, indefinite, extra) =>
        {
            var script = new ResponseScript(
                count,
                responses,
                extra == 1 ? BadFormatCode.LengthMissing : null,
                extra == 2 ? (byte)1 : null,
                extra == 3 ? ScriptChainingResult.UnableToProcess : null,
                indefinite);
            var bytes = script.ToArray();
            Assert.Equal(script.EncodedLength, bytes.Length);
            Assert.Equal(script, ResponseScript.Parse(bytes));
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void Random_bytes_give_a_response_or_a_script_format_exception()
    {
        Gen.Byte.Array[0, 40].Select(b => (byte[])[0xAF, 0x80, 0x80, 0x01, 0x01, .. b]).Sample(bytes =>
        {
            try
            {
                ResponseScript.Parse(bytes);
            }
            catch (ScriptFormatException)
            {
            }
        }, iter: 3000, threads: 1);
    }
}
