using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Tsm.Simulator.Demo;

/// <summary>
/// The gateway the demo runs: <c>dotnet Tsm.Gateway.dll</c> as a child process on the embedded profile, its database
/// in the demo's own folder (<c>TSM_DATA_DIR</c>), on free loopback ports, linked to the demo's SMSC simulator over
/// SMPP. The simulator never references the gateway's code: it starts the built gateway, as an operator would.
/// Stopped by its process id.
/// </summary>
internal sealed class DemoGateway : IDisposable
{
    public const string SmppSystemId = "tsm";
    public const string SmppPassword = "demopass"; // SMPP passwords are at most 8 characters

    private readonly string _dll;
    private readonly string _dataDir;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public DemoGateway(string dll, string dataDir)
    {
        _dll = dll;
        _dataDir = dataDir;
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}/");
    }

    public Uri BaseAddress { get; }

    /// <summary>The last lines the gateway wrote (for the message when it fails).</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>
    /// The built gateway: <paramref name="explicitPath"/>, else <c>Tsm.Gateway.dll</c> beside this program, else the
    /// repository's <c>gateway/Tsm.Gateway</c> (found above the current folder or this program), built in Release
    /// first. Null when none is found.
    /// </summary>
    public static async Task<string?> LocateAsync(string? explicitPath, TextWriter stdout, CancellationToken ct)
    {
        if (explicitPath is not null)
            return File.Exists(explicitPath) ? Path.GetFullPath(explicitPath) : null;
        var beside = Path.Combine(AppContext.BaseDirectory, "Tsm.Gateway.dll");
        if (File.Exists(beside))
            return beside;
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var project = Path.Combine(dir.FullName, "gateway", "Tsm.Gateway", "Tsm.Gateway.csproj");
                if (!File.Exists(project))
                    continue;
                await stdout.WriteLineAsync($"demo: building the gateway ({project}, Release; the first build restores packages and takes a few minutes)");
                var exit = await RunAsync(["build", project, "-c", "Release", "--nologo", "-v", "q"], null, ct);
                if (exit != 0)
                    throw new InvalidOperationException($"'dotnet build {project}' exited with {exit}.");
                var dll = Path.Combine(Path.GetDirectoryName(project)!, "bin", "Release", "net10.0", "Tsm.Gateway.dll");
                return File.Exists(dll) ? dll : null;
            }
        }
        return null;
    }

    /// <summary>Creates the first system administrator with the gateway's own command line (docs/security.md).</summary>
    public async Task CreateAdministratorAsync(string userName, string password, CancellationToken ct)
    {
        var exit = await RunAsync(
            [_dll, "accounts", "create-admin", "--user", userName, .. CommonArguments()],
            new Dictionary<string, string> { ["TSM_ADMIN_PASSWORD"] = password, ["TSM_DATA_DIR"] = _dataDir },
            ct);
        if (exit != 0)
            throw new InvalidOperationException($"'Tsm.Gateway accounts create-admin' exited with {exit}.");
    }

    /// <summary>Starts the gateway linked to the SMSC at <paramref name="smppPort"/> and waits for <c>/health</c> (at most <paramref name="timeout"/>).</summary>
    public async Task StartAsync(int smppPort, TimeSpan timeout, CancellationToken ct)
    {
        var info = Info([
            _dll,
            "--urls", BaseAddress.ToString().TrimEnd('/'),
            "--Orleans:SiloPort", FreePort().ToString(CultureInfo.InvariantCulture),
            "--Orleans:GatewayPort", FreePort().ToString(CultureInfo.InvariantCulture),
            "--Sms:Smpp:Accounts:0:Name", "demo-smsc",
            "--Sms:Smpp:Accounts:0:Host", "127.0.0.1",
            "--Sms:Smpp:Accounts:0:Port", smppPort.ToString(CultureInfo.InvariantCulture),
            "--Sms:Smpp:Accounts:0:SystemId", SmppSystemId,
            "--Sms:Smpp:Accounts:0:Password", SmppPassword,
            "--Sms:Smpp:Accounts:0:SourceAddress", "10657",
            .. CommonArguments(),
        ], new Dictionary<string, string> { ["TSM_DATA_DIR"] = _dataDir });
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        _process = Process.Start(info) ?? throw new InvalidOperationException("The gateway did not start.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(ct);
                throw new InvalidOperationException($"The gateway exited with {_process.ExitCode}: {Output}");
            }
            try
            {
                using var health = await http.GetAsync(new Uri("health", UriKind.Relative), ct);
                if (health.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            await Task.Delay(250, ct);
        }
        throw new TimeoutException($"The gateway did not answer /health within {timeout.TotalSeconds:0} s: {Output}");
    }

    /// <summary>Stops the gateway by its process id.</summary>
    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process?.Dispose();
        _process = null;
    }

    /// <summary>Development (plain HTTP on loopback, the shipped test keys), quiet logs, its own appsettings.</summary>
    private string[] CommonArguments() =>
        ["--environment", "Development", "--contentRoot", Path.GetDirectoryName(_dll)!, "--Logging:LogLevel:Default", "Warning"];

    private static ProcessStartInfo Info(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;
        info.Environment["DOTNET_NOLOGO"] = "1";
        return info;
    }

    private static async Task<int> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment, CancellationToken ct)
    {
        var info = Info(args, environment);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet {string.Join(' ', info.ArgumentList.Take(3))} exited with {process.ExitCode}: {await output}{await error}");
        return process.ExitCode;
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        _output.Enqueue(line);
        while (_output.Count > 100)
            _output.TryDequeue(out _);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
