using System.Diagnostics;
using System.Globalization;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Card;
using Tsm.Simulator.Phone;

namespace Tsm.Perf.Ota;

/// <summary>
/// <c>ota --phones N --duration S</c>: N simulated phones (each a simulated SE, a wallet client and a SERAM local
/// agent, each its own async loop) against the gateway hosted in this process on the embedded profile, over loopback
/// HTTP. Two workloads:
/// <list type="bullet">
/// <item><c>--mode fresh</c> (the default): a pool of SEs is registered first (not measured); then each phone
/// downloads the demo application (8 KB CAP, install, GET STATUS) to one new SE after another, so every download is a
/// first download, as for a user who orders the application.</item>
/// <item><c>--mode cycle</c>: each phone has one SE and downloads then deletes the application in a loop; the
/// figures count the downloads, and CPU per download includes the delete.</item>
/// </list>
/// Prints downloads/s, HTTP round trips per download, latency and CPU per download, after a warm-up.
/// </summary>
public static class OtaLoadTest
{
    private const string DemoApp = "A000000333010101";

    public static async Task<int> RunAsync(string[] args)
    {
        var phones = 16;
        var duration = 20;
        var warmup = 10;
        var mode = "fresh";
        int? pool = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--phones": phones = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--duration": duration = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--mode" when args[i + 1] is "fresh" or "cycle": mode = args[i + 1]; break;
                case "--ses": pool = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine("usage: Tsm.Perf ota [--phones N] [--duration SECONDS] [--warmup SECONDS] [--mode fresh|cycle] [--ses POOL]");
                    return 64;
            }
        }
        // Enough SEs for 400 downloads/s over the whole run unless told otherwise.
        var seCount = mode == "cycle" ? phones : Math.Max(phones, pool ?? 400 * (warmup + duration));
        await using var host = await InProcessGateway.StartAsync("ota-load");
        var gateway = host.BaseAddress;
        var agent = new SeramAgentOptions { DefaultDelay = TimeSpan.FromMilliseconds(10), RetryPause = TimeSpan.FromMilliseconds(50) };
        var stats = new Stats();
        var ses = await RegisterPool(gateway, agent, seCount, phones);
        // Warm-up: the phones run for a while before anything is counted, so that the figures are the steady state
        // (tiered JIT compilation and PGO go on for tens of seconds in a process this size).
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(warmup + duration));
        var queues = Enumerable.Range(0, phones).Select(p => new Queue<Se>(ses.Where((_, i) => i % phones == p))).ToList();
        var loops = Task.WhenAll(queues.Select(q => PhoneLoop(gateway, agent, q, mode == "cycle", stats, stop.Token)));
        await Task.Delay(TimeSpan.FromSeconds(warmup));
        stats.Reset();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await loops;
        var elapsed = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Print(mode, phones, elapsed, cpu, stats);
        if (stats.OutOfSes)
            Console.WriteLine($"warning: the phones ran out of registered SEs before the time was up; run with --ses above {seCount}.");
        return stats.Failures == 0 ? 0 : 1;
    }

    private sealed record Se(string SeId, string Msisdn, SimulatedCard Card)
    {
        /// <summary>The wallet access token of the SE's registration login.</summary>
        public string? AccessToken { get; set; }
    }

    /// <summary>Creates and registers <paramref name="count"/> SEs over HTTP (login + registration task), not measured.</summary>
    private static async Task<List<Se>> RegisterPool(Uri gateway, SeramAgentOptions agent, int count, int concurrency)
    {
        var clock = Stopwatch.StartNew();
        var ses = Enumerable.Range(0, count).Select(i =>
        {
            var seId = $"86000000000002{i:X6}";
            var card = new SimulatedCard(CardFactory.CreateDefault(seId));
            card.PowerOn();
            return new Se(seId, "139" + i.ToString("D8", CultureInfo.InvariantCulture), card);
        }).ToList();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Max(concurrency, 16)).Select(async _ =>
        {
            using var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = gateway };
            var wallet = new WalletClient(http);
            int i;
            while ((i = Interlocked.Increment(ref next)) < ses.Count)
            {
                var se = ses[i];
                // The number is vouched for by the network gateway's header (trusted from loopback here), then the
                // access token of each SE's login is kept for its phone loop.
                http.DefaultRequestHeaders.Remove("X-Network-Msisdn");
                http.DefaultRequestHeaders.Add("X-Network-Msisdn", se.Msisdn);
                http.DefaultRequestHeaders.Authorization = null;
                var login = await wallet.LoginAsync(new WalletLoginRequest { Msisdn = se.Msisdn, SeId = se.SeId, Imsi = "460000000000001", Token = null });
                se.AccessToken = login.AccessToken;
                http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", login.AccessToken);
                if (login.SessionId is { } session && !(await new SeramLocalAgent(se.Card, se.SeId, http, session, agent).RunAsync()).IsCompleted)
                    throw new InvalidOperationException($"SE {se.SeId} was not registered.");
            }
        }));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"registered {count} SEs in {clock.Elapsed.TotalSeconds:F1} s ({count / clock.Elapsed.TotalSeconds:F0}/s)"));
        return ses;
    }

    private static async Task PhoneLoop(Uri gateway, SeramAgentOptions agent, Queue<Se> ses, bool cycle, Stats stats, CancellationToken stop)
    {
        // Each phone has its own connection and request counter, so round trips are counted per download.
        var counter = new CountingHandler(new SocketsHttpHandler());
        using var http = new HttpClient(counter) { BaseAddress = gateway };
        var wallet = new WalletClient(http);
        while (!stop.IsCancellationRequested)
        {
            if (!ses.TryPeek(out var se))
            {
                stats.RanOut();
                return;
            }
            if (!cycle)
                ses.Dequeue();
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", se.AccessToken);
            var clock = Stopwatch.StartNew();
            var before = counter.RemoteManagement;
            var ok = await Run(http, wallet, agent, se, WalletOperation.Download);
            var trips = counter.RemoteManagement - before;
            if (ok)
                stats.Download(clock.Elapsed, trips);
            else
                stats.Fail();
            if (cycle && !await Run(http, wallet, agent, se, WalletOperation.Delete))
                stats.Fail();
        }
    }

    private static async Task<bool> Run(HttpClient http, WalletClient wallet, SeramAgentOptions agent, Se se, WalletOperation operation)
    {
        try
        {
            var accepted = await wallet.SubmitOperationAsync(new WalletOperationRequest { Msisdn = se.Msisdn, SeId = se.SeId, Operation = operation, ApplicationAid = DemoApp });
            var session = await new SeramLocalAgent(se.Card, se.SeId, http, accepted.SessionId, agent).RunAsync();
            if (!session.IsCompleted)
                return false;
            return (await wallet.GetTaskAsync(accepted.TaskId)).State == WalletTaskState.Succeeded;
        }
        catch (WalletApiException)
        {
            return false;
        }
    }

    private static void Print(string mode, int phones, TimeSpan elapsed, TimeSpan cpu, Stats stats)
    {
        var latencies = stats.Latencies.OrderBy(l => l).ToArray();
        double P(double q) => latencies.Length == 0 ? 0 : latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))].TotalMilliseconds;
        var downloads = latencies.Length;
        Console.WriteLine();
        Console.WriteLine("| mode | phones | seconds | downloads | downloads/s | round trips/download | p50 ms | p99 ms | CPU ms/download | failures |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {mode} | {phones} | {elapsed.TotalSeconds:F1} | {downloads} | {downloads / elapsed.TotalSeconds:F1} | {(downloads == 0 ? 0 : (double)stats.RoundTrips / downloads):F2} | {P(0.50):F1} | {P(0.99):F1} | {(downloads == 0 ? 0 : cpu.TotalMilliseconds / downloads):F2} | {stats.Failures} |"));
        Console.WriteLine("Round trips count the SERAM remoteManagement POSTs of a download task (the handshake and the operation request come on top).");
        if (mode == "cycle")
            Console.WriteLine("Cycle mode: each download is followed by a delete on the same SE; CPU per download includes the delete.");
    }


    private sealed class Stats
    {
        private readonly Lock _gate = new();

        public List<TimeSpan> Latencies { get; } = [];

        public long RoundTrips { get; private set; }

        public int Failures { get; private set; }

        public bool OutOfSes { get; private set; }

        public void RanOut() => OutOfSes = true;

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

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.AbsolutePath.EndsWith("/remoteManagement", StringComparison.Ordinal) == true)
                Interlocked.Increment(ref _remoteManagement);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
