using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Card;
using Tsm.Simulator.Phone;

namespace Tsm.Perf.Ota;

/// <summary>
/// <c>ota-phones --gateway URL [ota options]</c>: the phone process of <c>ota</c>. It holds the simulated SEs, wallet
/// clients and SERAM local agents (each phone its own async loop), so the gateway's process measures the gateway alone.
/// It tells the gateway's process where it is with lines on standard output that start with <see cref="Marker"/>:
/// <c>registered</c>, <c>measure</c> (the warm-up is over), <c>window-end</c>, then <c>result {json}</c>.
/// </summary>
internal static class OtaPhones
{
    public const string Marker = "@@ ";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ["--gateway", var address, .. var rest] || OtaOptions.Parse(rest, Console.Error) is not { } options)
        {
            Console.Error.WriteLine("usage: Tsm.Perf ota-phones --gateway URL [ota options] (started by ota)");
            return 64;
        }
        var gateway = new Uri(address);
        var agent = new SeramAgentOptions { DefaultDelay = TimeSpan.FromMilliseconds(10), RetryPause = TimeSpan.FromMilliseconds(50) };
        var ses = await RegisterPool(gateway, agent, options);
        Say("registered " + ses.Count.ToString(CultureInfo.InvariantCulture));

        var meter = new WireMeter();
        var stats = new SessionStats();
        using var stop = new CancellationTokenSource();
        var queues = Enumerable.Range(0, options.Phones).Select(p => new Queue<Se>(ses.Where((_, i) => i % options.Phones == p))).ToList();
        var loops = Task.WhenAll(queues.Select(q => Task.Run(() => PhoneLoop(gateway, agent, q, options, meter, stats, stop.Token))));
        // Warm-up: nothing is counted until tiered compilation and the pools have settled.
        await Task.Delay(TimeSpan.FromSeconds(options.Warmup));
        var wire = WireSnapshot.Of(meter);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        stats.Start();
        Say("measure");
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(options.Duration));
        stats.Stop();
        var window = clock.Elapsed.TotalSeconds;
        var delta = WireDelta.Between(wire, meter);
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        Say("window-end");
        stop.Cancel();
        await loops;
        Say("result " + JsonSerializer.Serialize(stats.Result(window, delta, cpuMs), PhoneResultJson.Default.PhoneResult));
        return 0;
    }

    private static void Say(string line) => Console.Out.WriteLine(Marker + line);

    private sealed record Se(string SeId, string Msisdn, SimulatedCard Card)
    {
        /// <summary>The wallet access token of the SE's registration login.</summary>
        public string? AccessToken { get; set; }
    }

    /// <summary>Creates and registers the pool's SEs over HTTP (login + registration task), not measured.</summary>
    private static async Task<List<Se>> RegisterPool(Uri gateway, SeramAgentOptions agent, OtaOptions options)
    {
        var clock = Stopwatch.StartNew();
        var ses = Enumerable.Range(0, options.SeCount).Select(i =>
        {
            var seId = $"86000000000002{i:X6}";
            var card = new SimulatedCard(CardFactory.CreateDefault(seId));
            card.PowerOn();
            return new Se(seId, "139" + i.ToString("D8", CultureInfo.InvariantCulture), card);
        }).ToList();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Clamp(options.Phones, 16, 64)).Select(async _ =>
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
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.AccessToken);
                if (login.SessionId is { } session && !(await new SeramLocalAgent(se.Card, se.SeId, http, session, agent).RunAsync()).IsCompleted)
                    throw new InvalidOperationException($"SE {se.SeId} was not registered.");
            }
        }));
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"registered {ses.Count} SEs in {clock.Elapsed.TotalSeconds:F1} s ({ses.Count / clock.Elapsed.TotalSeconds:F0}/s)"));
        return ses;
    }

    private static async Task PhoneLoop(Uri gateway, SeramAgentOptions agent, Queue<Se> ses, OtaOptions options, WireMeter meter, SessionStats stats, CancellationToken stop)
    {
        // Each phone has its own connection (through the mobile link) and counts its own remoteManagement posts.
        var link = new MobileLink(meter.Handler(), meter, options.Rtt, options.Jitter);
        using var http = new HttpClient(link) { BaseAddress = gateway };
        var wallet = new WalletClient(http);
        while (!stop.IsCancellationRequested)
        {
            if (!ses.TryPeek(out var se))
            {
                stats.RanOut();
                return;
            }
            if (!options.Cycle)
                ses.Dequeue();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", se.AccessToken);
            var clock = Stopwatch.StartNew();
            var before = link.RemoteManagement;
            if (await Run(http, wallet, agent, se, options.AppAid, WalletOperation.Download))
                stats.Download(clock.Elapsed, link.RemoteManagement - before);
            else
                stats.Fail();
            if (options.Cycle && !await Run(http, wallet, agent, se, options.AppAid, WalletOperation.Delete))
                stats.Fail();
        }
    }

    private static async Task<bool> Run(HttpClient http, WalletClient wallet, SeramAgentOptions agent, Se se, string aid, WalletOperation operation)
    {
        try
        {
            var accepted = await wallet.SubmitOperationAsync(new WalletOperationRequest { Msisdn = se.Msisdn, SeId = se.SeId, Operation = operation, ApplicationAid = aid });
            var session = await new SeramLocalAgent(se.Card, se.SeId, http, accepted.SessionId, agent).RunAsync();
            if (!session.IsCompleted)
                return false;
            return (await wallet.GetTaskAsync(accepted.TaskId)).State == WalletTaskState.Succeeded;
        }
        catch (WalletApiException)
        {
            return false;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
