using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Tsm.Gateway.Tests.Storage;

namespace Tsm.Gateway.Tests;

/// <summary>
/// The gateway as an OS process (<c>dotnet Tsm.Gateway.dll</c>) on a fixed HTTP port and free silo ports, configured
/// by command-line arguments; started again on the same HTTP port after a kill, and killed by its process id (never by
/// name). The last lines it wrote are kept for the failure message of a test.
/// </summary>
public sealed class GatewayProcess(int port, IReadOnlyList<string> arguments) : IDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private readonly IReadOnlyList<string> _keyService = Testing.SoftHsm.TestGatewayArguments(Testing.SoftHsm.NewPrefix());
    private Process? _process;

    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The process id of the running gateway, or null when it is not running.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>Environment variables of the process (e.g. <c>KeyService__StorageKey</c>), set before <see cref="StartAsync"/>.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>The last lines of standard output and error.</summary>
    public string Output => string.Join(System.Environment.NewLine, _output);

    /// <summary>Starts the process and waits until <c>/health</c> answers (at most 60 s).</summary>
    public async Task StartAsync()
    {
        var folder = AppContext.BaseDirectory;
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var arg in new[]
        {
            Path.Combine(folder, "Tsm.Gateway.dll"), "--urls", BaseAddress.ToString().TrimEnd('/'), "--contentRoot", folder,
            // The development defaults (plain HTTP, the shipped storage key; docs/security.md), as for the in-process gateway.
            "--environment", "Testing",
            "--" + Gateway.Storage.StorageExtensions.SiloPortKey, SiloHost.FreePort().ToString(CultureInfo.InvariantCulture),
            "--" + Gateway.Storage.StorageExtensions.GatewayPortKey, SiloHost.FreePort().ToString(CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Warning",
            // The test phones register with the network gateway's number header, believed from loopback only here.
            "--WalletAccess:NetworkGatewayAddresses:0", "127.0.0.1",
        }.Concat(_keyService).Concat(arguments))
        {
            info.ArgumentList.Add(arg);
        }
        if (_keyService.Count > 0)
            info.Environment["SOFTHSM2_CONF"] = Testing.SoftHsm.Shared.Configuration;
        foreach (var (name, value) in Environment)
            info.Environment[name] = value;
        _process = Process.Start(info) ?? throw new InvalidOperationException("The gateway did not start.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                // Until the end of its output, so that the message says why it stopped.
                _process.WaitForExit();
                throw new InvalidOperationException($"The gateway exited with {_process.ExitCode}: {Output}");
            }
            try
            {
                using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (health.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The gateway did not answer /health within 60 s: {Output}");
    }

    /// <summary>
    /// SIGTERM to the process id, as an operator's service manager stops it, and waits for it to exit: the silo leaves
    /// the cluster gracefully (its grains deactivate and move). Returns the exit code.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (_process is not { HasExited: false } process)
            return 0;
        using (var signal = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
            await signal!.WaitForExitAsync();
        using var wait = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(wait.Token);
        var code = process.ExitCode;
        process.Dispose();
        _process = null;
        return code;
    }

    /// <summary>SIGKILL to the process id: no shutdown code runs, as when the machine loses the process.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process?.Dispose();
        _process = null;
    }

    public void Dispose() => Kill();

    private void Keep(string? line)
    {
        if (line is null)
            return;
        _output.Enqueue(line);
        while (_output.Count > 200)
            _output.TryDequeue(out _);
    }
}
