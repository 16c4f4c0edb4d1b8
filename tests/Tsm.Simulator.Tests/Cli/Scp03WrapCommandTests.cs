namespace Tsm.Simulator.Tests.Cli;

/// <summary>
/// <c>scp03 wrap</c> against a published SCP03 trace (Samsung OpenSCP-Java test data, AES-128, i = 70, level 33;
/// the same session as Tsm.Protocol.Tests' Scp03KnownAnswerTests).
/// </summary>
public sealed class Scp03WrapCommandTests
{
    private const string Enc = "1D72CD9283FD55162722C6BEAA4DC187";
    private const string Mac = "F4932BA02FFC3098D172790099D28382";
    private const string Dek = "B4BDC610C3F6793708FF1132E2C5BF60";
    private const string HostChallenge = "06F85B77251BF794";
    private const string InitUpdateResponse = "A1A012430585513120853003709CE033FA78E6B10DDC2DBE8974C8B0DE00082A9000";
    private const string ExternalAuthenticate = "8482330010B08D6CE26B6CB3CCB411CF0296EB7B1D";
    private const string ListIsdWrapped = "84F280001809F07C3DF47956B1052951FA28211BA7BABC05C321D9B3BF";

    private static readonly string[] Packages =
    [
        "80F22000024F00",
        "84F22000185230BA64388B4A40E0B4DA5CC1DF51C285E4020D99D5AED1",
        "BD3292BFB1A23C4478E37292BA1EDF438770CE472FB7611FBDBD1C981A27FA4780A81A95D93C05F9C4C94839DED0363CFEA57CE2ECFB572B26F3474DAEEBBABC202942381F9755F59000",
        "08A00000015141434C010010A00000022020030101010000000000060100" + "10A0000002202003010101000000000011010005A00000024801009000",
    ];

    private static string[] Base(string level = "33") =>
        ["scp03", "wrap", "--enc", Enc, "--mac", Mac, "--dek", Dek, "--host-challenge", HostChallenge, "--init-update-response", InitUpdateResponse, "--level", level];

    [Fact]
    public void Prints_external_authenticate_each_wrapped_apdu_and_the_plain_answers()
    {
        var result = CliResult.Run([.. Base(), "--i", "70", "--apdu", Packages[0], "--response", Packages[2], "--apdu", "80F24000024F00", "--apdu", "80F28000024F00"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal([ExternalAuthenticate, Packages[1], Packages[3], "84F24000181819D47B42BBE6B9449BBC2BD43A090DAC1F2F0A52D9F34B", ListIsdWrapped], result.Lines);
    }

    [Fact]
    public void Without_responses_the_chain_still_follows_the_commands()
    {
        var result = CliResult.Run([.. Base(), "--apdu", Packages[0]]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal([ExternalAuthenticate, Packages[1]], result.Lines);
    }

    [Fact]
    public void Wrong_keys_exit_2_with_a_clear_message_and_no_key_bytes()
    {
        var result = CliResult.Run("scp03", "wrap", "--key", "404142434445464748494A4B4C4D4E4F", "--host-challenge", HostChallenge,
            "--init-update-response", InitUpdateResponse, "--level", "01");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("card cryptogram does not verify", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("40414243", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void A_response_with_a_wrong_R_MAC_exits_2()
    {
        var tampered = "00" + Packages[2][2..];
        var result = CliResult.Run([.. Base(), "--apdu", Packages[0], "--response", tampered]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("R-MAC does not verify", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--level", "02")]
    [InlineData("--level", "00")]
    [InlineData("--level", "zz")]
    [InlineData("--host-challenge", "0102")]
    [InlineData("--init-update-response", "00")]
    [InlineData("--i", "10")]
    [InlineData("--enc", "0102")]
    [InlineData("--apdu", "80")]
    [InlineData("--response", "90")]
    [InlineData("--bogus", "1")]
    public void Bad_arguments_print_usage_and_exit_64(string option, string value)
    {
        var args = new Dictionary<string, string>
        {
            ["--enc"] = Enc,
            ["--mac"] = Mac,
            ["--dek"] = Dek,
            ["--host-challenge"] = HostChallenge,
            ["--init-update-response"] = InitUpdateResponse,
            ["--level"] = "33",
            ["--apdu"] = Packages[0],
        };
        args[option] = value;
        var result = CliResult.Run(["scp03", "wrap", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);
        Assert.Equal(64, result.ExitCode);
        Assert.Contains("usage:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void More_responses_than_apdus_and_missing_keys_are_usage_errors()
    {
        var extra = CliResult.Run([.. Base(), "--response", "9000"]);
        Assert.Equal(64, extra.ExitCode);
        Assert.Contains("each --response answers one --apdu", extra.Stderr, StringComparison.Ordinal);
        var keyless = CliResult.Run("scp03", "wrap", "--host-challenge", HostChallenge, "--init-update-response", InitUpdateResponse, "--level", "01");
        Assert.Equal(64, keyless.ExitCode);
        Assert.Contains("keys are required", keyless.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_prints_the_usage()
    {
        var result = CliResult.Run("scp03", "wrap", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("scp03 wrap", result.Stdout, StringComparison.Ordinal);
    }
}
