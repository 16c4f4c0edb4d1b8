using System.CommandLine;
using Tsm.Simulator.Cli;

namespace Tsm.Simulator.Tests.Cli;

/// <summary>Every command and sub-command of the simulator answers --help with its usage, exit code 0 (docs/cli.md).</summary>
public sealed class CliHelpTests
{
    public static TheoryData<string> CommandPaths()
    {
        var data = new TheoryData<string> { "" };
        foreach (var path in Walk(SimulatorCommands.Root(), []))
            data.Add(path);
        return data;
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public void Help_on_every_command_exits_0_with_its_usage(string path)
    {
        var words = path.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var help in new[] { "--help", "-h" })
        {
            var result = CliResult.Run([.. words, help]);

            Assert.True(result.ExitCode == 0, $"{path} {help}: exit {result.ExitCode}: {result.Stderr}");
            Assert.Contains("Usage:", result.Stdout, StringComparison.Ordinal);
            // The usage line names the command path (after the program's name, which depends on the host).
            Assert.Contains(path.Length == 0 ? "[command]" : " " + path + " ", result.Stdout, StringComparison.Ordinal);
            Assert.Equal("", result.Stderr);
        }
    }

    [Fact]
    public void The_tree_has_every_command()
    {
        var paths = Walk(SimulatorCommands.Root(), []).ToList();
        foreach (var expected in new[] { "scp02 wrap", "cap info", "diversify", "cards new", "cards batch", "vpcd", "phone login", "phone download", "phone listen", "smsc", "pdu decode", "demo" })
            Assert.Contains(expected, paths);
    }

    [Theory]
    [InlineData("ph", "phone")]
    [InlineData("phone dow", "download")]
    [InlineData("phone login --ga", "--gateway")]
    [InlineData("diversify --method ", "visa2")]
    [InlineData("pdu decode --protocol c", "cmpp30")]
    [InlineData("cards ", "batch")]
    public void The_suggest_directive_completes_commands_options_and_values(string typed, string expected)
    {
        // What dotnet-suggest asks the program when Tab is pressed: [suggest:CURSOR] "the line" (docs/cli.md, "Completions").
        var result = CliResult.Run($"[suggest:{typed.Length}]", typed);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(expected, result.Lines);
    }

    [Theory]
    [InlineData("diversify", "--method", "emv")]
    [InlineData("phone", "--seid", "01", "login")]
    [InlineData("cards", "new", "--seid", "01", "--state", "x.json", "--colour", "red")]
    [InlineData("scp02", "wrap", "--key")]
    [InlineData("demo", "--phones", "0")]
    [InlineData("frobnicate")]
    public void Bad_arguments_exit_64_with_the_usage_on_stderr(params string[] args)
    {
        var result = CliResult.Run(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Usage:", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void A_usage_and_run_class_plugs_in_with_one_line_and_gets_its_tokens_in_order()
    {
        string[]? seen = null;
        var root = new RootCommand("test");
        root.Subcommands.Add(ForwardedCommand.FromUsage("wrap", "Wraps.", "usage: Tsm.Simulator scp03 wrap --key HEX [--apdu HEX]...", (args, stdout, _) =>
        {
            seen = args;
            stdout.WriteLine("wrapped");
            return 7;
        }));
        using var stdout = new StringWriter();

        var exit = root.Parse(["wrap", "--key", "4041", "--apdu", "00A4", "extra", "--apdu", "00B0"]).Invoke(new InvocationConfiguration { Output = stdout, Error = TextWriter.Null });

        Assert.Equal(7, exit);
        Assert.Equal(new[] { "--key", "4041", "--apdu", "00A4", "extra", "--apdu", "00B0" }, seen);
        using var help = new StringWriter();
        Assert.Equal(0, root.Parse(["wrap", "--help"]).Invoke(new InvocationConfiguration { Output = help }));
        Assert.Contains("usage: Tsm.Simulator scp03 wrap --key HEX [--apdu HEX]...", help.ToString(), StringComparison.Ordinal);
    }

    private static IEnumerable<string> Walk(Command command, List<string> path)
    {
        foreach (var sub in command.Subcommands)
        {
            List<string> next = [.. path, sub.Name];
            yield return string.Join(' ', next);
            foreach (var deeper in Walk(sub, next))
                yield return deeper;
        }
    }
}
