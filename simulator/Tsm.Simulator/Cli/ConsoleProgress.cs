using Spectre.Console;

namespace Tsm.Simulator.Cli;

/// <summary>
/// A progress bar (Spectre.Console) for a long run when its output is a terminal; when the output is redirected or
/// captured (a pipe, a file, a test) the work runs without one, so logs and scripts see only the command's own lines.
/// </summary>
public static class ConsoleProgress
{
    /// <summary>Runs <paramref name="work"/>, which calls the action it is given once per item done, of <paramref name="total"/>.</summary>
    public static void Run(TextWriter output, string description, int total, Action<Action> work)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(work);
        if (!IsTerminal(output) || total <= 1)
        {
            work(() => { });
            return;
        }
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: total);
                work(() => task.Increment(1));
            });
    }

    /// <summary>True when <paramref name="output"/> is this process's standard output and that is a terminal.</summary>
    public static bool IsTerminal(TextWriter output) => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
}
