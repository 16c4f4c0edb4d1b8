using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Sms.Push;
using Tsm.Grains.Ota;
using Tsm.Simulator.Smsc.Smpp;

namespace Tsm.Perf.Sms;

/// <summary>
/// <c>push [--count N] [--profile embedded|cluster]</c>: wake-up pushes end to end — stored in the outbox, sent by the
/// gateway's push sender over an SMPP link (window 50) to our SMSC simulator, delivery receipt recorded — all in this
/// process over loopback, on SQLite (embedded) or a private PostgreSQL server (cluster). Prints pushes/s (first stored
/// to last receipt recorded), the storing rate, p50/p99 of stored → delivered, and CPU µs per push.
/// </summary>
public static class PushBenchmark
{
    public const string Usage = "usage: Tsm.Perf push [--count N] [--profile embedded|cluster] [--callers N]";

    public static async Task<int> RunAsync(string[] args)
    {
        if (!SmsBenchOptions.TryParse(args, 50_000, out var options))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 64;
        }
        var count = options.Count;
        await using var smsc = new SmppSmsc(new SmppSmscOptions
        {
            Port = 0,
            Accounts = new Dictionary<string, string> { ["tsm"] = "bench" },
            ReceiptDelay = TimeSpan.Zero,
            RecordSubmits = false,
        });
        smsc.Start();
        await using var storage = await BenchStorage.StartAsync(options.Profile);
        await using var host = await InProcessGateway.StartAsync("push-bench", [
            "--Sms:Smpp:Accounts:0:Name", "bench", "--Sms:Smpp:Accounts:0:Port", smsc.Port.ToString(CultureInfo.InvariantCulture),
            "--Sms:Smpp:Accounts:0:SystemId", "tsm", "--Sms:Smpp:Accounts:0:Password", "bench", "--Sms:Smpp:Accounts:0:SourceAddress", "10657",
            "--Sms:Smpp:Accounts:0:Window", "50", "--Sms:Push:BatchSize", "2048",
            .. storage.GatewayArgs]);
        var pushes = host.Services.GetRequiredService<PushService>();
        var store = host.Services.GetRequiredService<PushStore>();
        while (smsc.BoundSessions == 0)
            await Task.Delay(20);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        // Pushes are asked for by many callers at once, as a platform's campaign (or many API clients) would.
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, options.Callers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
                await pushes.CreateAsync(new PushRequest($"8600000000003{i:D7}", $"86139{i:D8}", OperationKind.Sync, null, null, "bench"));
        }));
        var stored = clock.Elapsed;
        long delivered;
        do
        {
            await Task.Delay(50);
            delivered = (await store.CountByStateAsync()).GetValueOrDefault(PushStates.Delivered);
        }
        while (delivered < count && clock.Elapsed < TimeSpan.FromMinutes(5));
        var elapsed = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var latencies = (await store.ListAsync(PushStates.Delivered, count)).Select(p => (p.UpdatedAt - p.CreatedAt).TotalMilliseconds).Order().ToArray();
        double P(double q) => latencies.Length == 0 ? 0 : latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))];
        Console.WriteLine();
        Console.WriteLine("| profile | pushes | delivered | seconds | pushes/s | stored/s | p50 ms stored→delivered | p99 ms | CPU µs/push |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {options.Profile} | {count} | {delivered} | {elapsed.TotalSeconds:F1} | {delivered / elapsed.TotalSeconds:F0} | {count / stored.TotalSeconds:F0} | {P(0.5):F0} | {P(0.99):F0} | {cpu.TotalMicroseconds / Math.Max(1, delivered):F0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Whole process: gateway (outbox, sender, ESME, receipts) and the SMSC simulator; {options.Callers} callers, SMPP window 50, receipts at once, {Environment.ProcessorCount} cores, load average {BenchStorage.LoadAverage()}."));
        return delivered == count ? 0 : 1;
    }
}
