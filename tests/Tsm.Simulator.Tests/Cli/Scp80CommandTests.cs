using Tsm.Protocol;
using Tsm.Protocol.Scp80;

namespace Tsm.Simulator.Tests.Cli;

/// <summary>
/// <c>scp80 pack</c> and <c>scp80 unpack-por</c> against the worked vectors of the protocol tests
/// (tests/Tsm.Protocol.Tests/Scp80/Scp80VectorTests.cs explains how each byte was obtained).
/// </summary>
public sealed class Scp80CommandTests
{
    private const string Kic = "0123456789ABCDEFFEDCBA9876543210";
    private const string Kid = "112233445566778899AABBCCDDEEFF00";
    private const string Packet = "00201516391515000000" + "0B8DDACAD57E5C9BA601E64499A3D71261BF623069CCF905";
    private const string Por = "001C12000000" + "4C20C8AE5F153CE0FBDB97C981AA0E9C757A6E633F8081EB";

    private static readonly string[] Security = ["--spi", "1639", "--kic", "15", "--kid", "15", "--kic-key", Kic, "--kid-key", Kid];

    [Fact]
    public void Pack_prints_the_worked_3des_packet()
    {
        var result = CliResult.Run(["scp80", "pack", .. Security, "--tar", "000000", "--counter", "0000000001", "--apdu", "80F24000024F00"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal([Packet], result.Lines);
    }

    [Fact]
    public void Pack_with_sms_adds_the_sms_deliver_tpdu()
    {
        var result = CliResult.Run(["scp80", "pack", .. Security, "--tar", "000000", "--counter", "0000000001", "--apdu", "80F24000024F00",
            "--compact", "--sms", "--oa", "+447700900123", "--scts", "2026-12-07T18:30:05Z"]);
        Assert.Equal(0, result.ExitCode);
        // 44, OA, PID 7F, DCS F6, SCTS, UDL 3 + 34 = 0x25, UDH 02 70 00, packet.
        Assert.Equal([Packet, "44" + "0C91447700091032" + "7F" + "F6" + "62217081035000" + "25" + "027000" + Packet], result.Lines);
    }

    [Fact]
    public void Pack_expanded_carries_a_command_scripting_template()
    {
        var result = CliResult.Run(["scp80", "pack", .. Security, "--tar", "000000", "--counter", "0000000002", "--expanded",
            "--apdu", "80F24000024F0000", "--apdu", "80CA006600"]);
        Assert.Equal(0, result.ExitCode);
        using var keys = new Scp80Keys(Hex.Parse(Kic), Hex.Parse(Kid));
        var opened = CommandPacket.Open(Hex.Parse(Assert.Single(result.Lines)), keys);
        Assert.Equal(2UL, opened.Counter);
        // AA 11 (2 + 8 + 2 + 5 = 17 octets): 22 08 80F24000024F0000, 22 05 80CA006600.
        Assert.Equal("AA11" + "220880F24000024F0000" + "220580CA006600", Hex.Format(opened.Data.Span));
    }

    [Fact]
    public void A_long_script_gives_concatenated_sms()
    {
        var apdus = Enumerable.Range(0, 12).SelectMany(_ => new[] { "--apdu", "80E60C001E05A00000000106A0000000010107A0000000010101010005C903AABBCC00" }).ToArray();
        var result = CliResult.Run(["scp80", "pack", .. Security, "--tar", "000000", "--counter", "0000000003", .. apdus, "--sms", "--scts", "2026-12-07T18:30:05Z"]);
        Assert.Equal(0, result.ExitCode);
        Assert.True(result.Lines.Length >= 4, string.Join('\n', result.Lines));
        var assembler = new SmsPpAssembler();
        SmsPpPacket? whole = null;
        foreach (var line in result.Lines.Skip(1))
        {
            var tpdu = SmsTpdu.Parse(Hex.Parse(line));
            Assert.True(tpdu.UserData.Length <= 140);
            whole ??= assembler.Add(tpdu.UserData);
        }
        Assert.NotNull(whole);
        Assert.Equal(result.Lines[0], Hex.Format(whole.Packet));
    }

    [Fact]
    public void Unpack_por_verifies_and_decodes_the_worked_por()
    {
        var result = CliResult.Run(["scp80", "unpack-por", .. Security, Por]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["tar 000000", "counter 0000000001", "status 00 Ok", "data 016A88", "executed 1", "last-r-apdu 6A88"], result.Lines);

        var fromSms = CliResult.Run(["scp80", "unpack-por", .. Security, "027100" + Por]);
        Assert.Equal(result.Lines, fromSms.Lines);
    }

    [Fact]
    public void Unpack_por_exits_2_on_a_bad_checksum_without_echoing_keys()
    {
        var wrongKid = "505152535455565758595A5B5C5D5E5F";
        var result = CliResult.Run("scp80", "unpack-por", "--spi", "1639", "--kic", "15", "--kid", "15", "--kic-key", Kic, "--kid-key", wrongKid, Por);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not verify", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("5051525354", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Theory]
    [InlineData("pack", "--spi", "16")]
    [InlineData("pack", "--tar", "0000")]
    [InlineData("pack", "--counter", "01")]
    [InlineData("pack", "--kic-key", "0011")]
    [InlineData("pack", "--kic", "17")]
    [InlineData("pack", "--apdu", "80")]
    [InlineData("pack", "--bogus", "1")]
    [InlineData("pack", "--oa", "123")]
    [InlineData("unpack-por", "--kid", "1")]
    [InlineData("unpack-por", "--spi", "zz")]
    public void Bad_arguments_print_usage_and_exit_64(string command, string option, string value)
    {
        var args = new Dictionary<string, string>
        {
            ["--spi"] = "1639", ["--kic"] = "15", ["--kid"] = "15", ["--kic-key"] = Kic, ["--kid-key"] = Kid,
        };
        if (command == "pack")
        {
            args["--tar"] = "000000";
            args["--counter"] = "0000000001";
            args["--apdu"] = "80F24000024F00";
        }
        args[option] = value;
        string[] tail = command == "pack" ? [] : [Por];
        var result = CliResult.Run(["scp80", command, .. args.SelectMany(kv => new[] { kv.Key, kv.Value }), .. tail]);
        Assert.Equal(64, result.ExitCode);
        Assert.Contains("usage:", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scp80")]
    [InlineData("scp80", "wrap")]
    [InlineData("scp80", "pack", "--compact", "--expanded", "--spi", "0000", "--kic", "00", "--kid", "00", "--tar", "000000", "--counter", "0000000000", "--apdu", "00A4040000")]
    [InlineData("scp80", "pack", "--spi", "0000", "--kic", "00", "--kid", "00", "--tar", "000000", "--counter", "0000000000")]
    [InlineData("scp80", "unpack-por", "--spi", "0000", "--kic", "00", "--kid", "00")]
    [InlineData("scp80", "unpack-por", "--spi", "0000", "--kic", "00", "--kid", "00", "0001")]
    public void Incomplete_commands_are_usage_errors(params string[] args)
    {
        var result = CliResult.Run(args);
        Assert.Equal(64, result.ExitCode);
        Assert.Contains("usage:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsecured_packet_needs_no_keys()
    {
        var result = CliResult.Run("scp80", "pack", "--spi", "0000", "--kic", "00", "--kid", "00", "--tar", "000000", "--counter", "0000000000", "--apdu", "00A4000002 3F00");
        Assert.Equal(0, result.ExitCode);
        // CPL 0x15 = 1 (CHL) + 13 + 7: CHL 0D, SPI 0000, KIc 00, KID 00, TAR, CNTR, PCNTR 00, 00A40000023F00.
        Assert.Equal(["0015" + "0D" + "0000" + "00" + "00" + "000000" + "0000000000" + "00" + "00A40000023F00"], result.Lines);
    }
}
