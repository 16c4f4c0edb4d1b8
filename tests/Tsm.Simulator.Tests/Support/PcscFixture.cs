using System.Diagnostics;
using System.Globalization;
using Tsm.Simulator.Card;
using Tsm.Simulator.Vpcd;

namespace Tsm.Simulator.Tests.Support;

/// <summary>What a pyscard client saw: the card's ATR and one response per command, as upper-case hex.</summary>
public sealed record PyscardResult(string Atr, IReadOnlyList<string> Responses);

/// <summary>
/// A real PC/SC stack for end-to-end tests: pcscd with vsmartcard's vpcd driver, started and stopped by this fixture,
/// and Debian's pyscard as the PC/SC client. Tests insert a card with <see cref="InsertCardAsync"/> (a
/// <see cref="VpcdConnection"/> to reader 0) and talk to it with <see cref="ExchangeAsync"/>. Where the stack is missing
/// or a pcscd not started here already runs, <see cref="IsAvailable"/> is false and <see cref="SkipReason"/> says why.
/// </summary>
public sealed class PcscFixture : IDisposable
{
    public const string ReaderName = "Virtual PCD 00 00";
    public const int VpcdPort = VpcdFraming.DefaultPort;

    /// <summary>Debian's python3-pyscard is installed for the system interpreter only, not for any python3 on PATH.</summary>
    public const string Python = "/usr/bin/python3";

    public const string Pcscd = "/usr/sbin/pcscd";

    private const string VpcdDriver = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";
    private const string PcscdSocket = "/run/pcscd/pcscd.comm";
    private const string PcscdPidFile = "/run/pcscd/pcscd.pid";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private readonly string _script;
    private ChildProcess? _pcscd;

    public PcscFixture()
    {
        SkipReason = Probe();
        _script = Path.Combine(Path.GetTempPath(), $"tsm-pyscard-{Environment.ProcessId}.py");
        if (IsAvailable)
        {
            File.WriteAllText(_script, PyscardScript);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopPcscd();
        }
    }

    public bool IsAvailable => SkipReason is null;

    public string? SkipReason { get; }

    /// <summary>The exact pcscd command line the fixture runs.</summary>
    public static IReadOnlyList<string> PcscdCommandLine => [Pcscd, "--foreground", "--auto-exit"];

    /// <summary>Starts pcscd if needed and plugs <paramref name="card"/> into reader 0; dispose the result to remove it.</summary>
    public async Task<IAsyncDisposable> InsertCardAsync(ISmartCard card)
    {
        EnsurePcscd();
        var inserted = new InsertedCard(card);
        try
        {
            await inserted.Connected.WaitAsync(StartTimeout);
            return inserted;
        }
        catch
        {
            await inserted.DisposeAsync();
            throw;
        }
    }

    /// <summary>Connects to <see cref="ReaderName"/> with pyscard, sends each APDU and returns the responses (hex, data ‖ SW).</summary>
    public async Task<IReadOnlyList<string>> RunPyscardAsync(params string[] apduHex) => (await ExchangeAsync(apduHex)).Responses;

    /// <summary>Like <see cref="RunPyscardAsync"/>, with the ATR the client saw.</summary>
    public async Task<PyscardResult> ExchangeAsync(params string[] apduHex)
    {
        ArgumentNullException.ThrowIfNull(apduHex);
        EnsurePcscd();
        var result = await ProcessRunner.RunAsync(Python, [_script, ReaderName, .. apduHex], TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"pyscard exited {result.ExitCode}\nstdout:\n{result.Stdout}\nstderr:\n{result.Stderr}\npcscd:\n{_pcscd?.OutputTail}");
        }
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var atr = lines.Single(l => l.StartsWith("ATR ", StringComparison.Ordinal))[4..];
        var responses = lines.Where(l => l.StartsWith("R ", StringComparison.Ordinal)).Select(l => l[2..]).ToList();
        return new PyscardResult(atr, responses);
    }

    /// <summary>
    /// An interactive pyscard client: it sends the first APDU, then whatever <paramref name="next"/> computes from the
    /// previous response (hex), until <paramref name="next"/> returns null. Returns every response in order.
    /// </summary>
    public async Task<IReadOnlyList<string>> ConverseAsync(string firstApdu, Func<string, string?> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        EnsurePcscd();
        var script = Path.Combine(Path.GetTempPath(), $"tsm-pyscard-converse-{Environment.ProcessId}.py");
        await File.WriteAllTextAsync(script, ConverseScript);
        var start = new ProcessStartInfo(Python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(ReaderName);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pyscard did not start");
        var responses = new List<string>();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var apdu = firstApdu;
            while (apdu is not null)
            {
                await process.StandardInput.WriteLineAsync(apdu);
                await process.StandardInput.FlushAsync(timeout.Token);
                string? line;
                do
                {
                    line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                }
                while (line is not null && !line.StartsWith("R ", StringComparison.Ordinal));
                if (line is null)
                    throw new InvalidOperationException($"pyscard ended early: {await process.StandardError.ReadToEndAsync(timeout.Token)}");
                responses.Add(line[2..]);
                apdu = next(line[2..]);
            }
            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token);
            return responses;
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            File.Delete(script);
        }
    }

    private const string ConverseScript = """
        import sys, time
        from smartcard.System import readers
        from smartcard.Exceptions import CardConnectionException, NoCardException

        # pcscd polls the reader for the card: retry until it is seen (as the one-shot script does).
        deadline = time.monotonic() + 30
        connection = None
        while connection is None:
            listed = [r for r in readers() if str(r) == sys.argv[1]]
            if listed:
                candidate = listed[0].createConnection()
                try:
                    candidate.connect()
                    connection = candidate
                except (CardConnectionException, NoCardException):
                    pass
            if connection is None:
                if time.monotonic() > deadline:
                    sys.exit("no card in " + sys.argv[1])
                time.sleep(0.2)
        print("ATR " + bytes(connection.getATR()).hex().upper(), flush=True)
        for line in sys.stdin:
            line = line.strip()
            if not line:
                break
            data, sw1, sw2 = connection.transmit(list(bytes.fromhex(line)))
            print("R " + bytes(data + [sw1, sw2]).hex().upper(), flush=True)
        """;

    public void Dispose()
    {
        StopPcscd();
        if (File.Exists(_script))
            File.Delete(_script);
    }

    /// <summary>Starts pcscd, or starts it again after <c>--auto-exit</c> ended it, and waits until vpcd listens.</summary>
    private void EnsurePcscd()
    {
        if (!IsAvailable)
            throw new InvalidOperationException($"PC/SC is not available: {SkipReason}");
        lock (_gate)
        {
            if (_pcscd is { HasExited: false })
                return;
            _pcscd?.Dispose();
            _pcscd = null;
            if (ForeignPcscd() is { } other)
                throw new InvalidOperationException(other);

            var pcscd = ChildProcess.Start(PcscdCommandLine[0], [.. PcscdCommandLine.Skip(1)]);
            _pcscd = pcscd;
            var clock = Stopwatch.StartNew();
            while (!(IsListening(VpcdPort) && File.Exists(PcscdSocket)))
            {
                if (pcscd.HasExited)
                    throw new InvalidOperationException($"pcscd exited at start:\n{pcscd.OutputTail}");
                if (clock.Elapsed > StartTimeout)
                    throw new TimeoutException($"vpcd did not listen on port {VpcdPort} within {StartTimeout}:\n{pcscd.OutputTail}");
                Thread.Sleep(50);
            }
        }
    }

    private void StopPcscd()
    {
        lock (_gate)
        {
            _pcscd?.Dispose();
            _pcscd = null;
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
            return "the PC/SC bridge tests need Linux with pcscd";
        if (!File.Exists(Pcscd))
            return $"pcscd is not installed ({Pcscd}; apt-get install pcscd)";
        if (!File.Exists(VpcdDriver))
            return $"the vpcd reader driver is not installed ({VpcdDriver}; apt-get install vsmartcard-vpcd)";
        if (!ProcessRunner.Succeeds(Python, "-c", "import smartcard.System"))
            return $"{Python} with pyscard is not installed (apt-get install python3-pyscard)";
        if (!Environment.IsPrivilegedProcess)
            return "pcscd needs root to create /run/pcscd";
        return ForeignPcscd();
    }

    /// <summary>A reason not to start pcscd when one the tests did not start runs, or vpcd's port is taken: it is left alone.</summary>
    private static string? ForeignPcscd()
    {
        if (File.Exists(PcscdPidFile)
            && int.TryParse(File.ReadAllText(PcscdPidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && IsRunning(pid))
        {
            return $"a pcscd not started by the tests runs (pid {pid}, {PcscdPidFile}); stop it to run the PC/SC bridge tests";
        }
        if (IsListening(VpcdPort))
            return $"TCP port {VpcdPort} (vpcd reader 0) is already in use by another process";
        return null;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Reads the kernel's socket tables rather than connecting: a probe connection would look like a card to vpcd.</summary>
    private static bool IsListening(int port)
    {
        var localSuffix = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
                continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 3 && fields[1].EndsWith(localSuffix, StringComparison.Ordinal) && fields[3] == "0A")
                    return true;
            }
        }
        return false;
    }

    /// <summary>A card plugged into reader 0 until disposed.</summary>
    private sealed class InsertedCard : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task _run;

        public InsertedCard(ISmartCard card)
        {
            var connection = new VpcdConnection(card, new VpcdOptions { Port = VpcdPort, ReconnectDelay = TimeSpan.FromMilliseconds(50), MaxReconnectDelay = TimeSpan.FromMilliseconds(500) });
            connection.Connected += (_, _) => _connected.TrySetResult();
            _run = connection.RunAsync(_stop.Token);
        }

        public Task Connected => _connected.Task;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
            _stop.Dispose();
        }
    }

    /// <summary>argv: reader name, then command APDUs in hex. Prints "ATR hex", then "R hex" (data ‖ SW) per command.</summary>
    private const string PyscardScript = """
        import sys, time
        from smartcard.System import readers
        from smartcard.Exceptions import CardConnectionException, NoCardException

        name, apdus = sys.argv[1], sys.argv[2:]
        deadline = time.monotonic() + 30
        connection, last = None, "reader not listed"
        while connection is None:
            listed = [r for r in readers() if str(r) == name]
            if listed:
                candidate = listed[0].createConnection()
                try:
                    candidate.connect()
                    connection = candidate
                except (NoCardException, CardConnectionException) as e:
                    last = "no card: %s" % e
            if connection is None:
                if time.monotonic() > deadline:
                    sys.exit("no card in %r: %s; readers: %s" % (name, last, [str(r) for r in readers()]))
                time.sleep(0.2)

        print("ATR " + bytes(connection.getATR()).hex().upper(), flush=True)
        for apdu in apdus:
            data, sw1, sw2 = connection.transmit(list(bytes.fromhex(apdu)))
            print("R " + bytes(data + [sw1, sw2]).hex().upper(), flush=True)
        connection.disconnect()
        """;
}

/// <summary>Tests that need pcscd share one <see cref="PcscFixture"/> and never run in parallel: there is one reader 0.</summary>
[CollectionDefinition(Name)]
public sealed class PcscCollection : ICollectionFixture<PcscFixture>
{
    public const string Name = "PC/SC";
}
