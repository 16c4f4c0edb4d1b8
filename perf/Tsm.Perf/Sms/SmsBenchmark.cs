using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Tsm.Gateway.Sms.Links;
using Tsm.Gateway.Sms.Smpp;
using Tsm.Protocol.Sms.Udh;
using Tsm.Protocol;
using Tsm.Simulator.Smsc.Smpp;
using Tsm.Testing;

namespace Tsm.Perf.Sms;

/// <summary>
/// <c>sms [--protocol smpp] [--seconds S] [--windows 1,10,50] [--no-node]</c>: MT submit throughput, latency
/// percentiles and CPU per message of our ESME against our SMSC simulator (both in this process, loopback TCP) at
/// each window; node-smpp client against node-smpp server (two node processes) in the same run; and MO deliver_sm
/// throughput from our SMSC to our ESME. The PDU is the 78-octet port-addressed wake-up submit_sm.
/// </summary>
public static class SmsBenchmark
{
    private const string Usage = "usage: Tsm.Perf sms [--protocol smpp] [--seconds S] [--windows 1,10,50] [--no-node]";

    public static async Task<int> RunAsync(string[] args)
    {
        var protocol = "smpp";
        var seconds = 5;
        int[] windows = [1, 10, 50];
        var node = true;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--protocol" when i + 1 < args.Length: protocol = args[++i]; break;
                case "--seconds" when i + 1 < args.Length: seconds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--windows" when i + 1 < args.Length: windows = [.. args[++i].Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture))]; break;
                case "--no-node": node = false; break;
                default:
                    Console.Error.WriteLine(Usage);
                    return 64;
            }
        }
        if (protocol != "smpp")
        {
            // CMPP (window 16 on 1 and 4 links) plugs in here once the CMPP client and ISMG simulator exist.
            Console.Error.WriteLine($"sms: protocol '{protocol}' is not benchmarked in this build; use smpp");
            return 64;
        }

        Console.WriteLine($"SMS benchmark: SMPP 3.4, 78-octet wake-up submit_sm, loopback, {seconds} s per row after a 1 s warm-up, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine($"{"path",-34} {"window",6} {"msg/s",10} {"p50 µs",9} {"p99 µs",9} {"CPU µs/msg",11} {"MB/s",7}");
        var ours = new Dictionary<int, Row>();
        foreach (var window in windows)
        {
            var row = await OursAsync(window, seconds);
            ours[window] = row;
            Print("ours ESME -> ours SMSC", window, row, SubmitOctets);
        }
        var nodeRows = new Dictionary<int, Row>();
        if (node && NodeInterop.Node is not null)
        {
            foreach (var window in windows)
            {
                var row = await NodeAsync(window, seconds);
                nodeRows[window] = row;
                Print("node-smpp -> node-smpp", window, row, SubmitOctets);
            }
        }
        else if (node)
        {
            Console.WriteLine($"{"node-smpp -> node-smpp",-34} skipped: {NodeInterop.SkipReason}");
        }
        var mo = await MoAsync(50, seconds);
        Print("MO deliver_sm: ours SMSC -> ESME", 50, mo, MoOctets);
        Console.WriteLine();
        Console.WriteLine($"MB/s: the requests' octets on the link (submit_sm {SubmitOctets}, deliver_sm {MoOctets}) times msg/s; seed 6.1 names 3.75 MB/s.");
        Console.WriteLine();
        foreach (var window in windows)
        {
            if (nodeRows.TryGetValue(window, out var n) && n.Rate > 0)
                Console.WriteLine($"window {window}: ours/node-smpp = {ours[window].Rate / n.Rate:F1}x");
        }
        return 0;
    }

    /// <summary>The wake-up submit_sm: 16 header + 35 fields (10657, 13 digits) + 27 octets of user data (docs/push-sms.md).</summary>
    private const int SubmitOctets = 78;

    /// <summary>The MO deliver_sm of <see cref="MoAsync"/>, as encoded.</summary>
    private static readonly int MoOctets = MoPduOctets();

    private static int MoPduOctets()
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        Protocol.Sms.Smpp.SmppCodec.Write(new Protocol.Sms.Smpp.DeliverSm
        {
            Source = Protocol.Sms.Smpp.SmppAddress.International("8613900000000"),
            Destination = Protocol.Sms.Smpp.SmppAddress.Unknown("10657"),
            ShortMessage = "INFO 86000000000000000001"u8.ToArray(),
        }, 1, output);
        return output.WrittenCount;
    }

    private static void Print(string path, int window, Row row, int octets) =>
        Console.WriteLine($"{path,-34} {window,6} {row.Rate,10:N0} {row.P50,9:N0} {row.P99,9:N0} {row.CpuPerMessage,11:N1} {row.Rate * octets / 1e6,7:N2}");

    private static SmsMessage Message()
    {
        var payload = Hex.Parse("8600000000000000000100000000000000000001");
        return new SmsMessage("8613900000000", UserData.WakeUp(2948, 9200, payload), RequestReceipt: false);
    }

    private static async Task<Row> OursAsync(int window, int seconds)
    {
        await using var smsc = new SmppSmsc(new SmppSmscOptions { Port = 0, Receipts = false, RecordSubmits = false });
        smsc.Start();
        await using var esme = new SmppEsme(
            new SmppAccountOptions { Name = "bench", Port = smsc.Port, SystemId = "bench", Password = "pw", SourceAddress = "10657", Window = window },
            new CountingHandler(), NullLogger.Instance);
        esme.Start();
        await esme.WaitUntilBoundAsync();
        var message = Message();
        var refused = 0;
        var row = await MeasureAsync(window, seconds, async () =>
        {
            var result = await esme.SubmitAsync(message);
            if (!result.Accepted)
                Interlocked.Increment(ref refused);
        });
        // Every answer counted was a real submit_sm_resp with a message id from the SMSC.
        if (refused > 0 || smsc.SubmitCount < row.Count)
            throw new InvalidOperationException($"the SMSC accepted {smsc.SubmitCount} submits, {refused} refused, {row.Count} counted");
        return row;
    }

    private static async Task<Row> MoAsync(int concurrency, int seconds)
    {
        await using var smsc = new SmppSmsc(new SmppSmscOptions { Port = 0, Receipts = false, RecordSubmits = false });
        smsc.Start();
        var handler = new CountingHandler();
        await using var esme = new SmppEsme(
            new SmppAccountOptions { Name = "bench", Port = smsc.Port, SystemId = "bench", Password = "pw", SourceAddress = "10657" },
            handler, NullLogger.Instance);
        esme.Start();
        await esme.WaitUntilBoundAsync();
        var source = Protocol.Sms.Smpp.SmppAddress.International("8613900000000");
        var destination = Protocol.Sms.Smpp.SmppAddress.Unknown("10657");
        var text = "INFO 86000000000000000001"u8.ToArray();
        var row = await MeasureAsync(concurrency, seconds, () => smsc.SendMoAsync("bench", source, destination, text));
        if (handler.Count < row.Count)
            throw new InvalidOperationException($"the ESME handled {handler.Count} MO messages, {row.Count} counted");
        return row;
    }

    /// <summary>Closed loop: <paramref name="concurrency"/> callers, each sending again as soon as it is answered.</summary>
    private static async Task<Row> MeasureAsync(int concurrency, int seconds, Func<Task> send)
    {
        var measuring = 0;
        var stop = 0;
        var latencies = new List<long>[concurrency];
        async Task LoopAsync(int index)
        {
            var mine = latencies[index] = new List<long>(1 << 16);
            while (Volatile.Read(ref stop) == 0)
            {
                var start = Stopwatch.GetTimestamp();
                await send();
                if (Volatile.Read(ref measuring) == 1)
                    mine.Add(Stopwatch.GetTimestamp() - start);
            }
        }
        var loops = Enumerable.Range(0, concurrency).Select(i => Task.Run(() => LoopAsync(i))).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var t0 = Stopwatch.GetTimestamp();
        Volatile.Write(ref measuring, 1);
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        Volatile.Write(ref measuring, 0);
        var elapsed = Stopwatch.GetElapsedTime(t0);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpu0;
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(loops);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return Row.From(all.Length, elapsed, all, cpu);
    }

    private static async Task<Row> NodeAsync(int window, int seconds)
    {
        var port = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture);
        using var server = NodeInterop.Start("smsc.js", port, "bench", "pw", "--quiet");
        await server.WaitForAsync("listening", TimeSpan.FromSeconds(20));
        using var client = NodeInterop.Start("bench-client.js", port, "bench", "pw", window.ToString(CultureInfo.InvariantCulture), seconds.ToString(CultureInfo.InvariantCulture));
        await client.WaitForAsync("measure_start", TimeSpan.FromSeconds(20));
        server.WriteLine("cpu");
        var serverCpu0 = (await server.WaitForAsync("cpu", TimeSpan.FromSeconds(5))).GetProperty("us").GetDouble();
        await client.WaitForAsync("measure_end", TimeSpan.FromSeconds(seconds + 20));
        server.WriteLine("cpu");
        var serverCpu1 = (await server.WaitForAsync("cpu", TimeSpan.FromSeconds(5))).GetProperty("us").GetDouble();
        var result = await client.WaitForAsync("result", TimeSpan.FromSeconds(20));
        var sent = result.GetProperty("sent").GetDouble();
        var cpuUs = result.GetProperty("client_cpu_us").GetDouble() + (serverCpu1 - serverCpu0);
        return new Row(
            result.GetProperty("rate").GetDouble(),
            result.GetProperty("p50_us").GetDouble(),
            result.GetProperty("p99_us").GetDouble(),
            sent > 0 ? cpuUs / sent : 0);
    }

    private sealed record Row(double Rate, double P50, double P99, double CpuPerMessage, int Count = 0)
    {
        public static Row From(int count, TimeSpan elapsed, long[] sortedTicks, TimeSpan cpu)
        {
            double Us(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
            double Pct(double p) => sortedTicks.Length == 0 ? 0 : Us(sortedTicks[Math.Min(sortedTicks.Length - 1, (int)(sortedTicks.Length * p))]);
            return new Row(count / elapsed.TotalSeconds, Pct(0.5), Pct(0.99), count == 0 ? 0 : cpu.TotalMicroseconds / count, count);
        }
    }

    private sealed class CountingHandler : ISmsInboundHandler
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public ValueTask OnDeliveryReportAsync(SmsDeliveryReport report, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return ValueTask.CompletedTask;
        }

        public ValueTask OnMessageAsync(SmsMoMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return ValueTask.CompletedTask;
        }
    }
}
