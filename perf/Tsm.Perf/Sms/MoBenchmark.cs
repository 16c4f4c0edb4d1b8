using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Storage;
using Tsm.Protocol.Sms.Smpp;
using Tsm.Simulator.Smsc.Smpp;

namespace Tsm.Perf.Sms;

/// <summary>
/// <c>mo [--count N] [--profile embedded|cluster] [--callers N]</c>: MO messages end to end — sent by our SMSC simulator
/// as deliver_sm, handed by the gateway's ESME to the MO router, which applies the <c>SYNC</c> rule (the senders are
/// bound to no SE, so the rule looks the number up and records that), stores the message and only then answers
/// <c>deliver_sm_resp</c>. Prints messages/s (first sent to last acknowledged), how many rows were stored, and CPU µs
/// per message (the whole process).
/// </summary>
public static class MoBenchmark
{
    public const string Usage = "usage: Tsm.Perf mo [--count N] [--profile embedded|cluster] [--callers N]";

    public static async Task<int> RunAsync(string[] args)
    {
        if (!SmsBenchOptions.TryParse(args, 50_000, out var options))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 64;
        }
        await using var smsc = new SmppSmsc(new SmppSmscOptions
        {
            Port = 0,
            Accounts = new Dictionary<string, string> { ["tsm"] = "bench" },
            RecordSubmits = false,
        });
        smsc.Start();
        await using var storage = await BenchStorage.StartAsync(options.Profile);
        await using var host = await InProcessGateway.StartAsync("mo-bench", [
            "--Sms:Smpp:Accounts:0:Name", "bench", "--Sms:Smpp:Accounts:0:Port", smsc.Port.ToString(CultureInfo.InvariantCulture),
            "--Sms:Smpp:Accounts:0:SystemId", "tsm", "--Sms:Smpp:Accounts:0:Password", "bench", "--Sms:Smpp:Accounts:0:SourceAddress", "10657",
            .. storage.GatewayArgs]);
        var database = host.Services.GetRequiredService<IPlatformDatabase>();
        while (smsc.BoundSessions == 0)
            await Task.Delay(20);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var next = -1;
        var refused = 0;
        await Task.WhenAll(Enumerable.Range(0, options.Callers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < options.Count)
            {
                if (await smsc.SendMoTextAsync("tsm", $"86138{i:D8}", "10657", "SYNC") != SmppStatus.ROK)
                    Interlocked.Increment(ref refused);
            }
        }));
        var elapsed = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        long stored;
        await using (var connection = await database.OpenConnectionAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM MoMessages WHERE Rule = 'sync';";
            stored = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        Console.WriteLine();
        Console.WriteLine("| profile | MO messages | stored and routed | seconds | MO/s | CPU µs/MO |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {options.Profile} | {options.Count} | {stored} | {elapsed.TotalSeconds:F1} | {options.Count / elapsed.TotalSeconds:F0} | {cpu.TotalMicroseconds / options.Count:F0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Whole process: SMSC simulator, ESME, MO router (SYNC rule, numbers bound to no SE), stores; {options.Callers} deliveries at once, {refused} refused, {Environment.ProcessorCount} cores, load average {BenchStorage.LoadAverage()}."));
        return stored == options.Count && refused == 0 ? 0 : 1;
    }
}
