using System.CommandLine;
using System.CommandLine.Help;

namespace Tsm.Simulator.Cli;

/// <summary>
/// Entry point of the simulator's command-line interface (docs/cli.md): System.CommandLine parses the command line
/// against the commands of <see cref="SimulatorCommands"/>, answers <c>--help</c> on every command and sub-command and
/// the <c>[suggest]</c> directive of shell completions, and maps bad arguments to <see cref="ExitCodes.Usage"/>.
/// </summary>
public static class CommandLine
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var root = SimulatorCommands.Root();
        var result = root.Parse(args);
        if (result.Errors.Count > 0 && result.Action is not HelpAction)
        {
            foreach (var problem in result.Errors)
                stderr.WriteLine(problem.Message);
            // The usage of the command the arguments reached, on standard error.
            root.Parse([.. CommandPath(result.CommandResult.Command), "--help"]).Invoke(new InvocationConfiguration { Output = stderr, Error = stderr });
            return ExitCodes.Usage;
        }
        return result.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }

    /// <summary>Runs a long-lived command whose token Ctrl+C and SIGTERM cancel (it stops cleanly instead of being killed).</summary>
    public static int UntilStopped(Func<CancellationToken, Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                stop.Cancel();
            });
            return run(stop.Token).GetAwaiter().GetResult();
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>The card for a bridge: from its state file when it exists, else a fresh GP card (saved there when a path is given).</summary>
    public static Card.ISmartCard OpenCard(string seid, string? statePath)
    {
        if (statePath is not null && File.Exists(statePath))
            return Card.SimulatedCard.FromStateFile(statePath);
        var card = new Card.SimulatedCard(Card.CardFactory.CreateDefault(Protocol.Hex.Format(Protocol.Hex.Parse(seid))), statePath);
        card.Save();
        return card;
    }

    private static List<string> CommandPath(Command command)
    {
        var path = new List<string>();
        for (var current = command; current is not null and not RootCommand; current = current.Parents.OfType<Command>().FirstOrDefault())
            path.Insert(0, current.Name);
        return path;
    }
}
