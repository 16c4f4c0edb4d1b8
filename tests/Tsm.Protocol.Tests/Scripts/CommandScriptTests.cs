using CsCheck;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scripts;

namespace Tsm.Protocol.Tests.Scripts;

/// <summary>Command scripting templates AA / AE (ETSI TS 102 226 §5.2.1).</summary>
public sealed class CommandScriptTests
{
    private static readonly CommandApdu GetDataFf21 = CommandApdu.Parse("80CAFF2100");

    [Fact]
    public void PySim_example_is_get_data_ff21_in_an_indefinite_template()
    {
        var script = CommandScript.Parse("AE80 2205 80CAFF2100 0000");

        Assert.True(script.IsIndefinite);
        var item = Assert.IsType<CApduItem>(Assert.Single(script.Items));
        Assert.Equal(GetDataFf21, item.Apdu);
        Assert.Equal(0xFF21, (item.Apdu.P1 << 8) | item.Apdu.P2);
        Assert.Equal(256, item.Apdu.Ne);
        Assert.Equal("AE80220580CAFF21000000", script.ToString());
    }

    [Fact]
    public void Definite_template_encodes_with_AA_and_its_length()
    {
        var script = CommandScript.FromCommands([GetDataFf21]);
        Assert.Equal("AA07220580CAFF2100", script.ToString());
        Assert.Equal(script, CommandScript.Parse(script.ToArray()));
    }

    [Fact]
    public void All_item_kinds_round_trip_in_both_forms()
    {
        CommandScriptItem[] items =
        [
            new ScriptChainingItem(ScriptChaining.FirstKeepOnReset),
            new ImmediateActionItem(new byte[] { 0x01 }),
            new ErrorActionItem(ReadOnlyMemory<byte>.Empty),
            new CApduItem(GetDataFf21),
            new CApduItem(new CommandApdu(0x80, 0xE4, 0x00, 0x80, Hex.Parse("4F07A0000001510000"), 256)),
        ];
        foreach (var indefinite in new[] { false, true })
        {
            var script = new CommandScript(items, indefinite);
            var bytes = script.ToArray();
            Assert.Equal(script.EncodedLength, bytes.Length);
            var parsed = CommandScript.Parse(bytes);
            Assert.Equal(script, parsed);
            Assert.Equal(bytes, parsed.ToArray());
        }
        Assert.StartsWith("AA20830111810101820022", Hex.Format(new CommandScript(items).ToArray()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ScriptChaining.FirstDeleteOnReset, "01")]
    [InlineData(ScriptChaining.FirstKeepOnReset, "11")]
    [InlineData(ScriptChaining.Subsequent, "02")]
    [InlineData(ScriptChaining.Last, "03")]
    public void Script_chaining_values(ScriptChaining chaining, string hex)
    {
        var script = new CommandScript([new ScriptChainingItem(chaining)]);
        Assert.Equal("AA038301" + hex, script.ToString());
        Assert.Equal(chaining, Assert.IsType<ScriptChainingItem>(Assert.Single(CommandScript.Parse(script.ToArray()).Items)).Chaining);
    }

    [Fact]
    public void Long_scripts_use_81_and_82_lengths()
    {
        var big = new CommandApdu(0x80, 0xE8, 0x00, 0x00, new byte[200]);
        var script = CommandScript.FromCommands(Enumerable.Repeat(big, 2));
        var bytes = script.ToArray();
        Assert.Equal(new byte[] { 0xAA, 0x82 }, bytes[..2]);
        Assert.Equal(new byte[] { 0x22, 0x81, 205 }, bytes[4..7]);
        Assert.Equal(script, CommandScript.Parse(bytes));
    }

    [Theory]
    [InlineData("AE80 9901 00 0000", BadFormatCode.UnknownTag)] // tag 99 is not a command script tag
    [InlineData("AB03 830101", BadFormatCode.UnknownTag)] // a response template where a command one is due
    [InlineData("AE80 22", BadFormatCode.LengthMissing)] // tag without a length
    [InlineData("AE80 2281", BadFormatCode.LengthMissing)] // truncated length field
    [InlineData("AE80 2205 80CAFF21", BadFormatCode.WrongLength)] // value runs past the end
    [InlineData("AA09 220580CAFF2100", BadFormatCode.WrongLength)] // template longer than the data
    [InlineData("AA05 220580CAFF2100", BadFormatCode.WrongLength)] // template shorter than the data
    [InlineData("AE81 00", BadFormatCode.WrongLength)] // AE needs the indefinite length
    [InlineData("AE80 2284000000050000", BadFormatCode.WrongLength)] // 4-byte length field
    [InlineData("AE80 2280 0000", BadFormatCode.WrongLength)] // indefinite length on an item
    [InlineData("AE80 2203 80CAFF 0000", BadFormatCode.WrongLength)] // 3-byte C-APDU
    [InlineData("AE80 2207 80E40000050102 0000", BadFormatCode.WrongLength)] // Lc 5, 2 bytes of data
    [InlineData("AE80 8302 0101 0000", BadFormatCode.WrongLength)] // chaining has one byte
    [InlineData("AE", BadFormatCode.LengthMissing)]
    [InlineData("", BadFormatCode.LengthMissing)]
    public void Malformed_scripts_carry_the_bad_format_type(string hex, BadFormatCode code)
    {
        var e = Assert.Throws<ScriptFormatException>(() => CommandScript.Parse(Hex.Parse(hex)));
        Assert.Equal(code, e.Code);
    }

    [Theory]
    [InlineData("AE80 220580CAFF2100")] // no end-of-contents
    [InlineData("AE80 220580CAFF2100 00")] // half an end-of-contents
    [InlineData("AE80 220580CAFF2100 0000 00")] // bytes after the end-of-contents
    [InlineData("AE80 8301 07 0000")] // undefined chaining value
    public void Malformed_scripts_without_a_bad_format_type(string hex)
    {
        var e = Assert.Throws<ScriptFormatException>(() => CommandScript.Parse(Hex.Parse(hex)));
        Assert.True(e.Code is null || e.Code == BadFormatCode.UnknownTag, $"code {e.Code}");
        Assert.IsAssignableFrom<FormatException>(e);
    }

    [Fact]
    public void Every_truncation_of_a_script_fails_with_a_script_format_exception()
    {
        var bytes = new CommandScript(
            [new ScriptChainingItem(ScriptChaining.Last), new CApduItem(GetDataFf21), new ImmediateActionItem(new byte[] { 1 })],
            isIndefinite: true).ToArray();
        for (var cut = 0; cut < bytes.Length; cut++)
            Assert.Throws<ScriptFormatException>(() => CommandScript.Parse(bytes.AsSpan(0, cut)));
        var definite = CommandScript.FromCommands([GetDataFf21, GetDataFf21]).ToArray();
        for (var cut = 0; cut < definite.Length; cut++)
            Assert.Throws<ScriptFormatException>(() => CommandScript.Parse(definite.AsSpan(0, cut)));
    }

    [Fact]
    public void Random_bytes_give_a_script_or_a_script_format_exception()
    {
        var gen = Gen.Frequency(
            (1, Gen.Byte.Array[0, 40]),
            (3, Gen.Byte.Array[0, 40].Select(b => (byte[])[0xAE, 0x80, .. b])),
            (3, Gen.Byte.Array[0, 40].Select(b => (byte[])[0xAA, (byte)b.Length, .. b])));
        gen.Sample(bytes =>
        {
            try
            {
                var script = CommandScript.Parse(bytes);
                Assert.Equal(bytes, script.ToArray());
            }
            catch (ScriptFormatException)
            {
            }
        }, iter: 5000, threads: 1);
    }

    [Fact]
    public void Random_scripts_round_trip()
    {
        var apdu = Gen.Select(Gen.Byte, Gen.Byte, Gen.Byte.Array[0, 40], Gen.Int[0, 257])
            .Select((ins, p1, data, le) => new CommandApdu(0x80, ins, p1, 0x00, data, le == 0 ? null : le));
        var item = Gen.Frequency(
            (6, apdu.Select(a => (CommandScriptItem)new CApduItem(a))),
            (1, Gen.Byte.Array[0, 3].Select(b => (CommandScriptItem)new ImmediateActionItem(b))),
            (1, Gen.Byte.Array[0, 3].Select(b => (CommandScriptItem)new ErrorActionItem(b))),
            (1, Gen.OneOf(ScriptChaining.FirstDeleteOnReset, ScriptChaining.FirstKeepOnReset, ScriptChaining.Subsequent, ScriptChaining.Last)
                .Select(c => (CommandScriptItem)new ScriptChainingItem(c))));
        Gen.Select(item.Array[0, 12], Gen.Bool).Sample((items, indefinite) =>
        {
            var script = new CommandScript(items, indefinite);
            var bytes = script.ToArray();
            Assert.Equal(script.EncodedLength, bytes.Length);
            Assert.Equal(script, CommandScript.Parse(bytes));
        }, iter: 500, threads: 1);
    }
}
