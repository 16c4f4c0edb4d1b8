using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Tsm.Gateway.Sms.Cmpp;
using Tsm.Gateway.Sms.Links;
using Tsm.Protocol.Sms.Cmpp;
using Tsm.Simulator.Smsc.Cmpp;

namespace Tsm.Perf.Sms;

/// <summary>One row of the SMS benchmark table.</summary>
public sealed record SmsBenchmarkRow(string Path, int Links, int Window, long Messages, double PerSecond, double P50Micros, double P99Micros, double CpuMicrosPerMessage);

/// <summary>
/// MT submit throughput over CMPP: our SP client (window 16 per link) → our ISMG simulator, both in this process over
/// loopback TCP. Each message is the 27-byte wake-up (UDH 06 05 04 + 20 bytes) without a status report; the CPU time is
/// the whole process's (client and ISMG together) divided by the messages.
/// </summary>
public static class CmppThroughput
{
    private static readonly byte[] WakeUp = [0x06, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0, .. Enumerable.Range(1, 20).Select(i => (byte)i)];

    public static async Task<SmsBenchmarkRow> RunAsync(CmppVersion version, int links, int window, TimeSpan warmUp, TimeSpan duration)
    {
        const string spId = "901234";
        await using var ismg = new CmppIsmgSimulator(new CmppIsmgOptions
        {
            Port = 0,
            Accounts = [new CmppIsmgAccount(spId, "bench-secret")],
            RecordSubmits = false,
        });
        ismg.Start();
        var account = new CmppAccountOptions
        {
            Name = "bench",
            Port = ismg.Endpoint.Port,
            Version = version == CmppVersion.V30 ? "3.0" : "2.0",
            SpId = spId,
            SharedSecret = "bench-secret",
            SrcId = "10657",
            ServiceId = "TSMPUSH",
            Links = links,
            Window = window,
        };
        await using var client = new CmppSpClient(account, new DiscardingHandler(), NullLogger.Instance);
        client.Start();
        await client.WaitUntilAllConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));

        // One SUBMIT object for every send: the link writes it with its own Sequence_Id.
        var submit = client.CreateSubmit(new SmsMessage("8613900000000", WakeUp, RequestReceipt: false));
        var producers = links * window * 2; // enough waiting requests to keep every window full
        var measuring = 0;
        using var stop = new CancellationTokenSource();
        var samples = new List<long>[producers];
        var counts = new long[producers];
        var tasks = new Task[producers];
        for (var p = 0; p < producers; p++)
        {
            var index = p;
            samples[p] = new List<long>(1 << 16);
            tasks[p] = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var start = Stopwatch.GetTimestamp();
                    var resp = await client.SubmitAsync(submit);
                    if (resp.Result != CmppSubmitResult.Ok)
                        throw new InvalidOperationException($"SUBMIT refused: {CmppSubmitResult.Name(resp.Result)}");
                    if (Volatile.Read(ref measuring) == 1)
                    {
                        samples[index].Add(Stopwatch.GetTimestamp() - start);
                        counts[index]++;
                    }
                }
            });
        }

        await Task.Delay(warmUp);
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, 1);
        await Task.Delay(duration);
        Volatile.Write(ref measuring, 0);
        var elapsed = clock.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        await stop.CancelAsync();
        await Task.WhenAll(tasks);
        await client.StopAsync();

        var messages = counts.Sum();
        var latencies = samples.SelectMany(s => s).ToArray();
        Array.Sort(latencies);
        double Percentile(double q) => latencies.Length == 0 ? 0 : latencies[(int)Math.Min(latencies.Length - 1, q * latencies.Length)] * 1e6 / Stopwatch.Frequency;
        return new SmsBenchmarkRow(
            $"CMPP {version.Display()} our SP → our ISMG",
            links,
            window,
            messages,
            messages / elapsed.TotalSeconds,
            Percentile(0.50),
            Percentile(0.99),
            messages == 0 ? 0 : cpu.TotalMicroseconds / messages);
    }

    private sealed class DiscardingHandler : ISmsInboundHandler
    {
        public ValueTask OnDeliveryReportAsync(SmsDeliveryReport report, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OnMessageAsync(SmsMoMessage message, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
