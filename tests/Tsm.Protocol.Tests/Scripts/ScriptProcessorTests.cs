using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scripts;

namespace Tsm.Protocol.Tests.Scripts;

/// <summary>The card side of a script (TS 102 226 §5.2): execution order, stop rule, counts and bad format.</summary>
public sealed class ScriptProcessorTests
{
    private static readonly CommandApdu Ok = CommandApdu.Parse("80CA00C100");
    private static readonly CommandApdu Fails = CommandApdu.Parse("80E400000A4F08A000000151000099");
    private static readonly CommandApdu Warns = CommandApdu.Parse("80F24002024F0000");

    private static ResponseApdu Card(CommandApdu c) => c.Ins switch
    {
        0xCA => ResponseApdu.Parse("C1020010 9000"),
        0xE4 => ResponseApdu.Parse("6A88"),
        0xF2 => ResponseApdu.Parse("E3034F0100 6310"),
        _ => ResponseApdu.Parse("6D00"),
    };

    [Fact]
    public void Every_command_runs_when_all_succeed()
    {
        var executed = new List<CommandApdu>();
        var response = ScriptProcessor.Execute(CommandScript.FromCommands([Ok, Ok, Ok]), c => { executed.Add(c); return Card(c); });
        Assert.Equal(3, response.ExecutedCommands);
        Assert.Equal(3, response.Responses.Count);
        Assert.Equal([Ok, Ok, Ok], executed);
        Assert.Null(response.BadFormat);
    }

    [Fact]
    public void Execution_stops_after_the_first_error_and_reports_it_last()
    {
        var executed = new List<CommandApdu>();
        var response = ScriptProcessor.Execute(CommandScript.FromCommands([Ok, Fails, Ok]), c => { executed.Add(c); return Card(c); });
        Assert.Equal(2, response.ExecutedCommands);
        Assert.Equal([Ok, Fails], executed);
        Assert.Equal(StatusWords.ReferencedDataNotFound, response.LastResponse!.StatusWord);
    }

    [Fact]
    public void A_warning_stops_by_default_and_continues_with_a_lenient_rule()
    {
        var script = CommandScript.FromCommands([Warns, Ok]);
        Assert.Equal(1, ScriptProcessor.Execute(script, Card).ExecutedCommands);
        Assert.Equal(2, ScriptProcessor.Execute(script, Card, sw => sw.Sw1 is 0x90 or 0x61 or 0x62 or 0x63).ExecutedCommands);
    }

    [Theory]
    [InlineData(0x9000, true)]
    [InlineData(0x6110, true)]
    [InlineData(0x9110, true)]
    [InlineData(0x62F1, false)] // response truncated: the remaining commands are not run
    [InlineData(0x6310, false)]
    [InlineData(0x6982, false)]
    [InlineData(0x6A84, false)]
    public void Default_stop_rule(ushort sw, bool continues) => Assert.Equal(continues, ScriptProcessor.ContinuesAfter(sw));

    [Fact]
    public void Response_form_follows_the_command_form()
    {
        Assert.True(ScriptProcessor.Execute(CommandScript.FromCommands([Ok], isIndefinite: true), Card).IsIndefinite);
        Assert.False(ScriptProcessor.Execute(CommandScript.FromCommands([Ok]), Card).IsIndefinite);
    }

    [Fact]
    public void PySim_example_runs_end_to_end()
    {
        var response = ScriptProcessor.Execute(Hex.Parse("AE80220580CAFF21000000"), c =>
        {
            Assert.Equal(0xCA, c.Ins);
            return ResponseApdu.Parse("FF2110810200028204 00016DB483040000086A 9000");
        });
        Assert.Equal(1, response.ExecutedCommands);
        Assert.True(response.IsIndefinite);
        var decoded = ResponseScript.Parse(response.ToArray());
        Assert.Equal(response, decoded);
    }

    [Fact]
    public void Items_before_a_format_fault_run_then_the_fault_is_reported()
    {
        var executed = 0;
        var response = ScriptProcessor.Execute(Hex.Parse("AE80 220580CA00C100 9901 00 0000"), c => { executed++; return Card(c); });
        Assert.Equal(1, executed);
        Assert.Equal(1, response.ExecutedCommands);
        Assert.Equal(BadFormatCode.UnknownTag, response.BadFormat);
    }

    [Fact]
    public void A_truncated_script_reports_a_length_fault()
    {
        var response = ScriptProcessor.Execute(Hex.Parse("AA09 220580CA00C100"), Card);
        Assert.Equal(0, response.ExecutedCommands);
        Assert.Equal(BadFormatCode.WrongLength, response.BadFormat);
        Assert.Equal("AB06800100900102", response.ToString());
    }

    [Fact]
    public void An_error_before_the_fault_hides_the_fault()
    {
        var response = ScriptProcessor.Execute(Hex.Parse("AE80 220F80E400000A4F08A000000151000099 22"), Card);
        Assert.Equal(1, response.ExecutedCommands);
        Assert.Null(response.BadFormat);
    }
}
