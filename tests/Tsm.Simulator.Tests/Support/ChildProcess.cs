using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tsm.Simulator.Tests.Support;

/// <summary>
/// A long-running process the tests start themselves and stop by PID: SIGTERM first so it can clean up, then the
/// whole process tree is killed. Output is drained continuously and the last lines kept for failure messages.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private const int KeptLines = 200;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines of stdout and stderr, interleaved as they came.</summary>
    public string OutputTail => string.Join('\n', _output);

    public static ChildProcess Start(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Stops the process if it still runs: SIGTERM, then after <paramref name="grace"/> SIGKILL to the tree.</summary>
    public void Stop(TimeSpan grace)
    {
        try
        {
            if (_process.HasExited)
                return;
            if (File.Exists("/bin/kill"))
            {
                using var term = Process.Start("/bin/kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                term.WaitForExit(TimeSpan.FromSeconds(5));
            }
            if (!_process.WaitForExit(grace))
                _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
            // Exited between the checks.
        }
    }

    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        _output.Enqueue(line);
        while (_output.Count > KeptLines)
            _output.TryDequeue(out _);
    }
}
