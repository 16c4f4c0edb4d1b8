using System.Globalization;

namespace Tsm.Perf.Ota;

/// <summary>The tables <c>ota</c> prints (docs/performance.md explains each column).</summary>
internal static class OtaReport
{
    public static void Print(OtaOptions options, PhoneResult r, GatewaySample start, GatewaySample end, long idleHeap, CeilingResult? ceiling)
    {
        var n = Math.Max(1, r.Downloads);
        var seconds = r.WindowSeconds;
        var gatewayCpu = (end.Cpu - start.Cpu).TotalMilliseconds;
        var requestsPerSecond = r.Requests / seconds;
        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

        Console.WriteLine();
        Console.WriteLine("| mode | phones | RTT ms | app KB | seconds | downloads | downloads/s | p50 ms | p99 ms | p99.9 ms | max ms | failures |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(F($"| {options.Mode} | {options.Phones} | {options.Rtt.TotalMilliseconds:F0}±{options.Jitter.TotalMilliseconds:F0} | {options.AppKb} | {seconds:F1} | {r.Downloads} | {r.Downloads / seconds:F1} | {r.P50Ms:F1} | {r.P99Ms:F1} | {r.P999Ms:F1} | {r.MaxMs:F0} | {r.Failures} |"));
        Console.WriteLine();
        Console.WriteLine("| per download | gateway CPU ms | of which JIT ms | phones+SEs CPU ms | both CPU ms | gateway alloc KB | HTTP requests | SERAM reports | KB up | KB down | gateway GCs gen0/1/2 per 1,000 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(F($"| {options.Mode} | {gatewayCpu / n:F2} | {(end.Jit - start.Jit).TotalMilliseconds / n:F2} | {r.CpuMs / n:F2} | {(gatewayCpu + r.CpuMs) / n:F2} | {(end.Allocated - start.Allocated) / 1024.0 / n:F0} | {(double)r.Requests / n:F2} | {(double)r.RoundTrips / n:F2} | {r.BytesUp / 1024.0 / n:F1} | {r.BytesDown / 1024.0 / n:F1} | {1000.0 * (end.Gen0 - start.Gen0) / n:F1}/{1000.0 * (end.Gen1 - start.Gen1) / n:F1}/{1000.0 * (end.Gen2 - start.Gen2) / n:F1} |"));
        Console.WriteLine();
        Console.WriteLine("| at the window's end | connections open | connections opened in window | pool threads | gateway live heap MB | heap growth since registration MB | per phone KB | working set MB |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(F($"| {options.Mode} | {r.ConnectionsOpenAtEnd} | {r.ConnectionsOpened} | {end.PoolThreads} | {end.Heap / 1048576.0:F0} | {(end.Heap - idleHeap) / 1048576.0:F0} | {(end.Heap - idleHeap) / 1024.0 / options.Phones:F1} | {end.WorkingSet / 1048576.0:F0} |"));
        if (ceiling is not null)
        {
            Console.WriteLine();
            Console.WriteLine("| HTTP ceiling (same run, same average sizes) | requests/s | wire B up/request | wire B down/request | ota requests/s | ota wire B up/down per request | ota share of ceiling |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine(F($"| Kestrel + HttpClient, {Math.Min(options.Phones, 64)} clients | {ceiling.RequestsPerSecond:F0} | {ceiling.BytesUpPerRequest:F0} | {ceiling.BytesDownPerRequest:F0} | {requestsPerSecond:F0} | {r.BytesUp / Math.Max(1, r.Requests)}/{r.BytesDown / Math.Max(1, r.Requests)} | {100 * requestsPerSecond / ceiling.RequestsPerSecond:F1}% |"));
        }
        Console.WriteLine();
        Console.WriteLine("Heap growth includes what finished tasks leave in memory (SE grains, caches), not only live sessions.");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores; load average (1, 5, 15 min) at the end: {LoadAverage()}.");
        Console.WriteLine("Gateway: this process (Kestrel, Orleans, SQLite); phones and simulated SEs run in a child process (ota-phones).");
        if (options.Cycle)
            Console.WriteLine("Cycle mode: each download is followed by a delete on the same SE; the costs per download include the delete.");
    }

    public static void PrintAllocations(IReadOnlyList<KeyValuePair<string, long>> top, int downloads)
    {
        Console.WriteLine();
        Console.WriteLine("| gateway allocations by type (sampled every ~100 KB) | KB per download |");
        Console.WriteLine("|---|---:|");
        foreach (var (type, bytes) in top)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{type}` | {bytes / 1024.0 / Math.Max(1, downloads):F1} |"));
    }

    /// <summary>The Linux load average, which says how much else ran on the machine during the figures.</summary>
    private static string LoadAverage()
    {
        try
        {
            return string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }
}
