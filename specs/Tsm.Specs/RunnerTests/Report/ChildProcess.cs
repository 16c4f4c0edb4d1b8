using System.Diagnostics;

namespace Tsm.Specs.RunnerTests.Report;

/// <summary>Runs a child process without standard input, captures its output and ends it (with its children) on timeout.</summary>
public static class ChildProcess
{
    public static async Task<ProcessResult> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        start.UseShellExecute = false;
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start '{start.FileName}'.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException(
                $"'{start.FileName} {string.Join(' ', start.ArgumentList)}' did not end within {timeout}:{Environment.NewLine}{await output}{await error}");
        }

        return new ProcessResult(process.ExitCode, await output, await error);
    }
}
