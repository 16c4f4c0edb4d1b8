using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Channels;

namespace Tsm.Interop;

/// <summary>
/// Runs the node-smpp (smpp@0.5.1) scripts of tests/interop: finds node, installs the package when it is missing
/// (npm, under a file lock so that test projects running side by side do not race), and starts scripts as child
/// processes that print one JSON event per line and are stopped by process id.
/// </summary>
internal static class NodeInterop
{
    private static readonly Lazy<string?> s_node = new(() => Which("node"));

    /// <summary>The node executable, or null when node is not installed (the interop tests then skip).</summary>
    public static string? Node => s_node.Value;

    public const string SkipReason = "node is not installed (the interop tests run node-smpp 0.5.1 from tests/interop; install Node.js 20)";

    public static string Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "interop");
                if (File.Exists(Path.Combine(candidate, "package.json")))
                    return candidate;
            }
            throw new DirectoryNotFoundException("tests/interop/package.json not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Installs smpp@0.5.1 into tests/interop/node_modules unless it is there (what build.sh test also does).</summary>
    public static void EnsureInstalled()
    {
        var dir = Directory;
        if (File.Exists(Path.Combine(dir, "node_modules", "smpp", "package.json")))
            return;
        using var lockFile = AcquireLock(Path.Combine(dir, ".install.lock"));
        if (File.Exists(Path.Combine(dir, "node_modules", "smpp", "package.json")))
            return;
        var npm = Which("npm") ?? throw new InvalidOperationException("node is installed but npm is not: cannot install tests/interop");
        var info = new ProcessStartInfo(npm) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "install", "--no-audit", "--no-fund" })
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)) || process.ExitCode != 0)
            throw new InvalidOperationException($"npm install in {dir} failed: {stderr.Result}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static NodeScript Start(string script, params string[] args)
    {
        EnsureInstalled();
        var info = new ProcessStartInfo(Node ?? throw new InvalidOperationException(SkipReason))
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        return new NodeScript(Process.Start(info)!);
    }

    private static FileStream AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
}

/// <summary>A running node script: its JSON events, its stdin, and a stop by process id.</summary>
internal sealed class NodeScript : IDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly List<string> _stderr = [];

    public NodeScript(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _events.Writer.TryComplete();
                return;
            }
            if (e.Data.StartsWith('{'))
                _events.Writer.TryWrite(JsonDocument.Parse(e.Data).RootElement.Clone());
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (_stderr)
                    _stderr.Add(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public List<JsonElement> Seen { get; } = [];

    public string Stderr
    {
        get
        {
            lock (_stderr)
                return string.Join('\n', _stderr);
        }
    }

    public void WriteLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Reads events until one named <paramref name="name"/> arrives (every event read is kept in <see cref="Seen"/>).</summary>
    public async Task<JsonElement> WaitForAsync(string name, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var e = await _events.Reader.ReadAsync(cts.Token);
                Seen.Add(e);
                if (e.GetProperty("event").GetString() == name)
                    return e;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException($"no '{name}' event; seen: {string.Join(" ", Seen)}; stderr: {Stderr}", ex);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        // Drain the events printed before exit.
        while (_events.Reader.TryRead(out var e))
            Seen.Add(e);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true); // by this process's id, never by name
            _process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}
