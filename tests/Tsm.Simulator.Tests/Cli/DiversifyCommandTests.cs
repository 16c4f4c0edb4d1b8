namespace Tsm.Simulator.Tests.Cli;

public sealed class DiversifyCommandTests
{
    [Theory]
    [InlineData("emv", "ENC 0EF59FCBF8019B62E62AF6EA20B8BF25 KCV C33013", "DEK 64021E43C0C7D264A1C7C6D01E1C8761 KCV BB8179")]
    [InlineData("visa2", "ENC 8510FC973208218CA86888BCEC203635 KCV 2BE598", "DEK 2DAEE809C71405FF259C3BE695A1F66E KCV 3C328E")]
    public void Prints_the_three_keys_with_their_check_values(string method, string enc, string dek)
    {
        var result = CliResult.Run("diversify", "--method", method, "--master", "404142434445464748494A4B4C4D4E4F", "--kdd", "00010203040506070809");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(3, result.Lines.Length);
        Assert.Equal(enc, result.Lines[0]);
        Assert.StartsWith("MAC ", result.Lines[1], StringComparison.Ordinal);
        Assert.Equal(dek, result.Lines[2]);
    }

    [Theory]
    [InlineData("--method", "cps2")]
    [InlineData("--kdd", "0001")]
    [InlineData("--master", "40414243")]
    public void Bad_arguments_exit_64(string option, string value)
    {
        var args = new Dictionary<string, string> { ["--method"] = "emv", ["--master"] = "404142434445464748494A4B4C4D4E4F", ["--kdd"] = "00010203040506070809" };
        args[option] = value;
        var result = CliResult.Run(["diversify", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);
        Assert.Equal(64, result.ExitCode);
        Assert.Contains("usage:", result.Stderr, StringComparison.OrdinalIgnoreCase);
    }
}
