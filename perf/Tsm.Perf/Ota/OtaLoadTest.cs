using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Tsm.Gateway;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Card;
using Tsm.Simulator.Phone;

namespace Tsm.Perf.Ota;

/// <summary>
/// <c>ota --phones N --duration S</c>: N simulated phones (each a simulated SE, a wallet client and a SERAM local
/// agent, each its own async loop) against the gateway hosted in this process on the embedded profile, over loopback
/// HTTP. Each phone registers, then downloads the demo application (8 KB CAP, install, GET STATUS) and deletes it, in
/// a loop until the time is up. Prints downloads/s, HTTP round trips per download, latency and CPU per download.
/// </summary>
public static class OtaLoadTest
{
    private const string DemoApp = "A000000333010101";

    public static async Task<int> RunAsync(string[] args)
    {
        var phones = 16;
        var duration = 20;
        var warmup = 10;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--phones": phones = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--duration": duration = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine("usage: Tsm.Perf ota [--phones N] [--duration SECONDS] [--warmup SECONDS]");
                    return 64;
            }
        }
        var folder = Directory.CreateTempSubdirectory("tsm-ota-load-").FullName;
        var port = FreePort();
        var app = GatewayApp.Build([
            "--urls", $"http://127.0.0.1:{port}",
            "--environment", "Production",
            "--contentRoot", AppContext.BaseDirectory,
            "--Storage:SqlitePath", Path.Combine(folder, "tsm.db"),
            "--Orleans:SiloPort", FreePort().ToString(CultureInfo.InvariantCulture),
            "--Orleans:GatewayPort", FreePort().ToString(CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Warning",
        ]);
        await app.StartAsync();
        try
        {
            var counter = new CountingHandler(new SocketsHttpHandler { MaxConnectionsPerServer = 256 });
            using var http = new HttpClient(counter) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var agent = new SeramAgentOptions { DefaultDelay = TimeSpan.FromMilliseconds(10), RetryPause = TimeSpan.FromMilliseconds(50) };
            var stats = new Stats();
            // Warm-up: register every phone first (not measured).
            var cards = new List<(string SeId, SimulatedCard Card)>();
            for (var p = 0; p < phones; p++)
            {
                var seId = $"8600000000000001{p:X4}";
                var card = new SimulatedCard(CardFactory.CreateDefault(seId));
                card.PowerOn();
                cards.Add((seId, card));
            }
            await Task.WhenAll(cards.Select(c => Register(http, agent, c.SeId, c.Card)));
            // Warm-up: the phones run for a while before anything is counted, so that the figures are the steady state
            // (tiered JIT compilation and PGO go on for tens of seconds in a process this size).
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(warmup + duration));
            var loops = Task.WhenAll(cards.Select(c => PhoneLoop(new Uri($"http://127.0.0.1:{port}"), agent, c.SeId, c.Card, stats, stop.Token)));
            await Task.Delay(TimeSpan.FromSeconds(warmup));
            stats.Reset();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await loops;
            var elapsed = clock.Elapsed;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            Print(phones, elapsed, cpu, stats);
            return stats.Failures == 0 ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            try
            {
                Directory.Delete(folder, true);
            }
            catch (IOException)
            {
                // temp files stay if still open
            }
        }
    }

    private static async Task Register(HttpClient http, SeramAgentOptions agent, string seId, SimulatedCard card)
    {
        var login = await new WalletClient(http).LoginAsync(new WalletLoginRequest { Msisdn = "139" + int.Parse(seId[^4..], NumberStyles.HexNumber, CultureInfo.InvariantCulture).ToString("D8", CultureInfo.InvariantCulture), SeId = seId, Imsi = "460000000000001", Token = null });
        if (login.SessionId is { } session)
            await new SeramLocalAgent(card, seId, http, session, agent).RunAsync();
    }

    private static async Task PhoneLoop(Uri gateway, SeramAgentOptions agent, string seId, SimulatedCard card, Stats stats, CancellationToken stop)
    {
        // Each phone has its own connection and request counter, so round trips are counted per download.
        var counter = new CountingHandler(new SocketsHttpHandler());
        using var http = new HttpClient(counter) { BaseAddress = gateway };
        var wallet = new WalletClient(http);
        var msisdn = "139" + int.Parse(seId[^4..], NumberStyles.HexNumber, CultureInfo.InvariantCulture).ToString("D8", CultureInfo.InvariantCulture);
        while (!stop.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            var before = counter.RemoteManagement;
            var ok = await Run(http, wallet, agent, seId, card, msisdn, WalletOperation.Download);
            var trips = counter.RemoteManagement - before;
            if (ok)
                stats.Download(clock.Elapsed, trips);
            else
                stats.Fail();
            if (!await Run(http, wallet, agent, seId, card, msisdn, WalletOperation.Delete))
                stats.Fail();
        }
    }

    private static async Task<bool> Run(HttpClient http, WalletClient wallet, SeramAgentOptions agent, string seId, SimulatedCard card, string msisdn, WalletOperation operation)
    {
        try
        {
            var accepted = await wallet.SubmitOperationAsync(new WalletOperationRequest { Msisdn = msisdn, SeId = seId, Operation = operation, ApplicationAid = DemoApp });
            var session = await new SeramLocalAgent(card, seId, http, accepted.SessionId, agent).RunAsync();
            if (!session.IsCompleted)
                return false;
            return (await wallet.GetTaskAsync(accepted.TaskId)).State == WalletTaskState.Succeeded;
        }
        catch (WalletApiException)
        {
            return false;
        }
    }

    private static void Print(int phones, TimeSpan elapsed, TimeSpan cpu, Stats stats)
    {
        var latencies = stats.Latencies.OrderBy(l => l).ToArray();
        double P(double q) => latencies.Length == 0 ? 0 : latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))].TotalMilliseconds;
        var downloads = latencies.Length;
        Console.WriteLine();
        Console.WriteLine("| phones | seconds | downloads | downloads/s | round trips/download | p50 ms | p99 ms | CPU ms/download (download+delete) | failures |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {phones} | {elapsed.TotalSeconds:F1} | {downloads} | {downloads / elapsed.TotalSeconds:F1} | {(downloads == 0 ? 0 : (double)stats.RoundTrips / downloads):F2} | {P(0.50):F1} | {P(0.99):F1} | {(downloads == 0 ? 0 : cpu.TotalMilliseconds / downloads):F2} | {stats.Failures} |"));
        Console.WriteLine("Round trips count the SERAM remoteManagement POSTs of a download task (the handshake and the operation request come on top).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Stats
    {
        private readonly Lock _gate = new();

        public List<TimeSpan> Latencies { get; } = [];

        public long RoundTrips { get; private set; }

        public int Failures { get; private set; }

        public void Download(TimeSpan latency, long trips)
        {
            lock (_gate)
            {
                Latencies.Add(latency);
                RoundTrips += trips;
            }
        }

        public void Reset()
        {
            lock (_gate)
            {
                Latencies.Clear();
                RoundTrips = 0;
                Failures = 0;
            }
        }

        public void Fail()
        {
            lock (_gate)
                Failures++;
        }
    }

    /// <summary>Counts SERAM remoteManagement requests (per phone the count is read before and after its own task).</summary>
    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private long _remoteManagement;

        public long RemoteManagement => Interlocked.Read(ref _remoteManagement);

        public void Reset() => Interlocked.Exchange(ref _remoteManagement, 0);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.AbsolutePath.EndsWith("/remoteManagement", StringComparison.Ordinal) == true)
                Interlocked.Increment(ref _remoteManagement);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
