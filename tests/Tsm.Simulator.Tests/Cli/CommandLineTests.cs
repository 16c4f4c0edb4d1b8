namespace Tsm.Simulator.Tests.Cli;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData]
    [InlineData("frobnicate")]
    [InlineData("scp02")]
    [InlineData("cap")]
    public void Unknown_or_missing_command_prints_usage_and_exits_64(params string[] args)
    {
        var result = CliResult.Run(args);
        Assert.Equal(64, result.ExitCode);
        Assert.Contains("usage:", result.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Help_lists_the_commands()
    {
        var result = CliResult.Run("--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "scp02", "cap", "diversify", "cards", "vpcd", "phone", "smsc", "pdu", "demo" })
            Assert.Contains("  " + command + " ", result.Stdout, StringComparison.Ordinal);
    }
}
