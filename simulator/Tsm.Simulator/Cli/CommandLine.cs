namespace Tsm.Simulator.Cli;

/// <summary>Entry point of the simulator's command-line interface.</summary>
public static class CommandLine
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        stderr.WriteLine("usage: Tsm.Simulator <command> [options]");
        return 64;
    }
}
