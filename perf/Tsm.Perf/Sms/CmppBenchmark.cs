using System.Globalization;
using Tsm.Protocol.Sms.Cmpp;

namespace Tsm.Perf.Sms;

/// <summary>
/// <c>sms --protocol cmpp [--duration S] [--warmup S] [--cmpp-version 2.0|3.0]</c>: SMS throughput rows, printed
/// as one table. CMPP: window 16 on 1 and 4 links (issue #6 item 8).
/// </summary>
public static class CmppBenchmark
{
    public const string Usage = "usage: Tsm.Perf sms --protocol cmpp [--duration SECONDS] [--warmup SECONDS] [--cmpp-version 2.0|3.0]";

    public static async Task<int> RunAsync(string[] args)
    {
        var protocol = "cmpp";
        var duration = TimeSpan.FromSeconds(10);
        var warmUp = TimeSpan.FromSeconds(3);
        var cmppVersion = CmppVersion.V30;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i], value)
            {
                case ("--protocol", "cmpp"):
                    protocol = value!;
                    break;
                case ("--duration", { } d) when int.TryParse(d, CultureInfo.InvariantCulture, out var s) && s > 0:
                    duration = TimeSpan.FromSeconds(s);
                    break;
                case ("--warmup", { } w) when int.TryParse(w, CultureInfo.InvariantCulture, out var s) && s >= 0:
                    warmUp = TimeSpan.FromSeconds(s);
                    break;
                case ("--cmpp-version", "2.0" or "3.0"):
                    cmppVersion = value == "2.0" ? CmppVersion.V20 : CmppVersion.V30;
                    break;
                default:
                    await Console.Error.WriteLineAsync(Usage);
                    return 64;
            }
        }

        var rows = new List<SmsBenchmarkRow>();
        if (protocol == "cmpp")
        {
            foreach (var links in new[] { 1, 4 })
            {
                var row = await CmppThroughput.RunAsync(cmppVersion, links, window: 16, warmUp, duration);
                rows.Add(row);
                await Console.Error.WriteLineAsync($"done: {row.Path}, {links} link(s)");
            }
        }
        Print(rows, Console.Out);
        return 0;
    }

    public static void Print(IReadOnlyList<SmsBenchmarkRow> rows, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"{"path",-36} {"links",5} {"window",6} {"messages",10} {"msg/s",10} {"p50 µs",8} {"p99 µs",8} {"CPU µs/msg",10}");
        foreach (var r in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Path,-36} {r.Links,5} {r.Window,6} {r.Messages,10} {r.PerSecond,10:F0} {r.P50Micros,8:F0} {r.P99Micros,8:F0} {r.CpuMicrosPerMessage,10:F2}"));
        }
    }
}
