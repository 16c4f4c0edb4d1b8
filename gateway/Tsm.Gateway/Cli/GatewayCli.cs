using System.CommandLine;
using System.CommandLine.Help;

namespace Tsm.Gateway.Cli;

/// <summary>
/// The gateway's command line (docs/cli.md, "The gateway command line"): <c>Tsm.Gateway audit verify</c>, … When the
/// first argument names one of <see cref="Commands"/> (or asks for help), Program.cs runs it instead of the server.
/// A command reads the same configuration as the server (appsettings, environment, and <c>--Key value</c>
/// arguments it does not know itself, e.g. <c>--Storage:SqlitePath x.db</c>) through <see cref="CliHost"/>.
/// </summary>
public static class GatewayCli
{
    /// <summary>The top-level commands; a new one is one more factory here.</summary>
    public static IReadOnlyList<Func<Command>> Commands { get; } =
    [
        AuditCommand.Create,
        AccountsCommand.Create,
        BackupCommand.Create,
    ];

    private static readonly HashSet<string> s_rootOptions = new(StringComparer.Ordinal) { "--help", "-h", "-?", "/?", "/h", "--version" };

    /// <summary>True when <paramref name="args"/> ask for a command (or for help or the version) rather than the server.</summary>
    public static bool Handles(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Count > 0 && (s_rootOptions.Contains(args[0]) || Root().Subcommands.Any(c => c.Name == args[0]));
    }

    /// <summary>Runs the command that <paramref name="args"/> name; returns its exit code (<see cref="CliExitCodes"/>).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var result = Root().Parse(args);
        var invocation = new InvocationConfiguration { Output = output, Error = error };
        if (result.Errors.Count > 0 && result.Action is not HelpAction)
        {
            foreach (var problem in result.Errors)
                await error.WriteLineAsync(problem.Message);
            // The usage of the command the arguments reached, on standard error.
            var path = CommandPath(result.CommandResult.Command, result.RootCommandResult.Command);
            await Root().Parse([.. path, "--help"]).InvokeAsync(new InvocationConfiguration { Output = error, Error = error }, cancellationToken);
            return CliExitCodes.Usage;
        }

        return await result.InvokeAsync(invocation, cancellationToken);
    }

    private static RootCommand Root()
    {
        var root = new RootCommand(
            "TSM gateway. Without a command it runs the server; with one it runs that command against the configured " +
            "platform database (configuration as for the server: appsettings, environment, --Key value).");
        foreach (var create in Commands)
            root.Subcommands.Add(create());
        return root;
    }

    private static List<string> CommandPath(Command command, Command root)
    {
        var path = new List<string>();
        for (var current = command; current != root && current is not null; current = current.Parents.OfType<Command>().FirstOrDefault())
            path.Insert(0, current.Name);
        return path;
    }
}
