using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace Tsm.Testing;

/// <summary>A running node script: its JSON events, its stdin, and a stop by process id.</summary>
public sealed class NodeScript : IDisposable
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
