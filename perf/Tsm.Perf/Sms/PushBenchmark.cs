using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Sms.Push;
using Tsm.Grains.Ota;
using Tsm.Simulator.Smsc.Smpp;

namespace Tsm.Perf.Sms;

/// <summary>
/// <c>push [--count N]</c>: wake-up pushes end to end — stored in the outbox, sent by the gateway's push sender over an
/// SMPP link (window 50) to our SMSC simulator, delivery receipt recorded — all in this process over loopback. Prints
/// pushes/s (first stored to last receipt recorded), p50/p99 of stored → delivered, and CPU µs per push.
/// </summary>
public static class PushBenchmark
{
    public const string Usage = "usage: Tsm.Perf push [--count N]";

    public static async Task<int> RunAsync(string[] args)
    {
        var count = 20_000;
        if (args is ["--count", var n] && int.TryParse(n, CultureInfo.InvariantCulture, out var parsed) && parsed > 0)
            count = parsed;
        else if (args.Length > 0)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 64;
        }
        await using var smsc = new SmppSmsc(new SmppSmscOptions
        {
            Port = 0,
            Accounts = new Dictionary<string, string> { ["tsm"] = "bench" },
            ReceiptDelay = TimeSpan.Zero,
            RecordSubmits = false,
        });
        smsc.Start();
        await using var host = await InProcessGateway.StartAsync("push-bench",
            "--Sms:Smpp:Accounts:0:Name", "bench", "--Sms:Smpp:Accounts:0:Port", smsc.Port.ToString(CultureInfo.InvariantCulture),
            "--Sms:Smpp:Accounts:0:SystemId", "tsm", "--Sms:Smpp:Accounts:0:Password", "bench", "--Sms:Smpp:Accounts:0:SourceAddress", "10657",
            "--Sms:Smpp:Accounts:0:Window", "50");
        var pushes = host.Services.GetRequiredService<PushService>();
        var store = host.Services.GetRequiredService<PushStore>();
        while (smsc.BoundSessions == 0)
            await Task.Delay(20);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        // Pushes are asked for by 16 callers at once, as a platform's campaign would.
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
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
        Console.WriteLine("| pushes | delivered | seconds | pushes/s | stored in s | p50 ms stored→delivered | p99 ms | CPU µs/push |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {count} | {delivered} | {elapsed.TotalSeconds:F1} | {delivered / elapsed.TotalSeconds:F0} | {stored.TotalSeconds:F1} | {P(0.5):F0} | {P(0.99):F0} | {cpu.TotalMicroseconds / Math.Max(1, delivered):F0} |"));
        Console.WriteLine("Whole process: gateway (outbox, sender, ESME, receipts) and the SMSC simulator; SMPP window 50, receipts at once.");
        return delivered == count ? 0 : 1;
    }
}
