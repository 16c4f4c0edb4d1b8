namespace Tsm.Simulator.Tests.Cli;

public sealed class Scp02WrapCommandTests
{
    // The recorded session of shared/vectors/scp02.json (GP test keys, level 01).
    private const string Key = "404142434445464748494A4B4C4D4E4F";
    private const string HostChallenge = "D5AD539A60CA5E72";
    private const string InitUpdateResponse = "000074746E6E6E6262620102069FAA2A0591E73367DD78794D04315E9000";

    [Fact]
    public void Prints_external_authenticate_then_each_wrapped_apdu()
    {
        var result = CliResult.Run("scp02", "wrap", "--enc", Key, "--mac", Key, "--dek", Key, "--host-challenge", HostChallenge,
            "--init-update-response", InitUpdateResponse, "--level", "01", "--apdu", "80F22002024F0000");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["84820100107C799B3C771DBAE6BEF49310977617BA", "84F220020A4F00BB6E71C0EFCFCF0D00"], result.Lines);
    }

    [Fact]
    public void Key_shorthand_and_response_without_status_word()
    {
        var result = CliResult.Run("scp02", "wrap", "--key", Key, "--host-challenge", HostChallenge,
            "--init-update-response", InitUpdateResponse[..^4], "--level", "01");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["84820100107C799B3C771DBAE6BEF49310977617BA"], result.Lines);
    }

    [Fact]
    public void Level_03_encrypts_the_data_and_lengthens_it()
    {
        var result = CliResult.Run("scp02", "wrap", "--key", Key, "--host-challenge", HostChallenge,
            "--init-update-response", InitUpdateResponse, "--level", "03", "--apdu", "80F22002024F0000", "--apdu", "80CA006600");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(3, result.Lines.Length);
        Assert.StartsWith("8482030010", result.Lines[0], StringComparison.Ordinal);
        // 2 data bytes pad to 8, encrypted, plus the 8-byte C-MAC: Lc 10; the plain 4F00 must not show.
        Assert.StartsWith("84F2200210", result.Lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("4F00", result.Lines[1][10..^2], StringComparison.Ordinal);
        // GET DATA has no data: only the C-MAC, Le kept.
        Assert.Matches("^84CA006608[0-9A-F]{16}00$", result.Lines[2]);
    }

    [Fact]
    public void Wrong_key_exits_2_with_a_clear_message()
    {
        var result = CliResult.Run("scp02", "wrap", "--key", "505152535455565758595A5B5C5D5E5F", "--host-challenge", HostChallenge,
            "--init-update-response", InitUpdateResponse, "--level", "01");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("card cryptogram does not verify", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("5051525354", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Theory]
    [InlineData("--level", "04")]
    [InlineData("--level", "zz")]
    [InlineData("--host-challenge", "0102")]
    [InlineData("--init-update-response", "00")]
    [InlineData("--apdu", "80")]
    [InlineData("--bogus", "1")]
    public void Bad_arguments_print_usage_and_exit_64(string option, string value)
    {
        var args = new Dictionary<string, string>
        {
            ["--key"] = Key,
            ["--host-challenge"] = HostChallenge,
            ["--init-update-response"] = InitUpdateResponse,
            ["--level"] = "01",
        };
        args[option] = value;
        var result = CliResult.Run(["scp02", "wrap", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);
        Assert.Equal(64, result.ExitCode);
        Assert.Contains("usage:", result.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Missing_keys_is_a_usage_error()
    {
        var result = CliResult.Run("scp02", "wrap", "--host-challenge", HostChallenge, "--init-update-response", InitUpdateResponse, "--level", "01");
        Assert.Equal(64, result.ExitCode);
        Assert.Contains("keys are required", result.Stderr, StringComparison.Ordinal);
    }
}
