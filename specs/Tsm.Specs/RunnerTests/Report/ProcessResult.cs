namespace Tsm.Specs.RunnerTests.Report;

/// <summary>How a child process ended: its exit code and everything it printed.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    /// <summary>Both streams, for an assertion message.</summary>
    public string Transcript => $"exit code {ExitCode}{Environment.NewLine}{Output}{Environment.NewLine}{Error}";
}
