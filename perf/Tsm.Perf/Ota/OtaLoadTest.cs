using System.Diagnostics;
using System.Text.Json;

namespace Tsm.Perf.Ota;

/// <summary>
/// <c>ota --phones N --duration S</c>: N simulated phones (each a simulated SE, a wallet client and a SERAM local
/// agent, each its own async loop) against the gateway hosted in this process on the embedded profile, over loopback
/// HTTP. The phones run in a second process (<see cref="OtaPhones"/>), so this process's CPU and allocations are the
/// gateway's own (Kestrel, Orleans, SQLite included). Two workloads:
/// <list type="bullet">
/// <item><c>--mode fresh</c> (the default): a pool of SEs is registered first (not measured); then each phone
/// downloads the application (the 8 KB demo CAP, or <c>--app-kb</c>; install, GET STATUS) to one new SE after another,
/// so every download is a first download, as for a user who orders the application.</item>
/// <item><c>--mode cycle</c>: each phone has one SE and downloads then deletes the application in a loop; the
/// figures count the downloads, and the costs per download include the delete.</item>
/// </list>
/// <c>--rtt</c> and <c>--jitter</c> put a mobile network's round trip in front of every request. After the load, the
/// HTTP ceiling (<see cref="HttpCeiling"/>) runs with the load's own request count and average sizes, and the table
/// prints the share of it the engine reached. docs/performance.md explains every column.
/// </summary>
public static class OtaLoadTest
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(OtaOptions.Usage);
            return 0;
        }
        if (OtaOptions.Parse(args, Console.Error) is not { } options)
            return 64;
        PhoneResult? result;
        GatewaySample start, end;
        long idleHeap;
        using var sampler = options.AllocTypes > 0 ? new AllocationSampler() : null;
        await using (var host = await InProcessGateway.StartAsync("ota-load", options.GatewayArgs()))
        {
            using var phones = StartPhones(host.BaseAddress, options);
            await using var soak = options.Soak > 0 ? new SoakMonitor(host.Services, host.DatabasePath, TimeSpan.FromSeconds(options.Soak)) : null;
            try
            {
                (result, start, end, idleHeap) = await Follow(phones, sampler);
                await phones.WaitForExitAsync();
            }
            finally
            {
                if (!phones.HasExited)
                    phones.Kill(entireProcessTree: true);
            }
        }
        if (result is null || end.At == 0)
        {
            Console.Error.WriteLine("ota: the phone process ended without a result");
            return 1;
        }
        CeilingResult? ceiling = null;
        if (options.CeilingSeconds > 0 && result.Requests > 0)
        {
            ceiling = await HttpCeiling.MeasureForWireAsync(Math.Min(options.Phones, 64), TimeSpan.FromSeconds(options.CeilingSeconds),
                result.BytesUp / result.Requests, result.BytesDown / result.Requests);
        }
        OtaReport.Print(options, result, start, end, idleHeap, ceiling);
        if (sampler is not null)
            OtaReport.PrintAllocations(sampler.Top(options.AllocTypes), result.Downloads);
        if (result.OutOfSes)
            Console.WriteLine($"warning: the phones ran out of registered SEs before the time was up; run with --ses above {options.SeCount}.");
        if (result.Downloads == 0)
            Console.Error.WriteLine("ota: no download completed in the counted window");
        return result.Failures == 0 && result.Downloads > 0 ? 0 : 1;
    }

    private static Process StartPhones(Uri gateway, OtaOptions options)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        // Under "dotnet Tsm.Perf.dll" the host needs the assembly; the apphost (dotnet run) does not.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            info.ArgumentList.Add(typeof(OtaLoadTest).Assembly.Location);
        foreach (var arg in (string[])["ota-phones", "--gateway", gateway.ToString(), .. options.ToArgs()])
            info.ArgumentList.Add(arg);
        return Process.Start(info) ?? throw new InvalidOperationException("The phone process did not start.");
    }

    /// <summary>Reads the phone process's lines and samples the gateway's process at each mark.</summary>
    private static async Task<(PhoneResult? Result, GatewaySample Start, GatewaySample End, long IdleHeap)> Follow(Process phones, AllocationSampler? sampler)
    {
        PhoneResult? result = null;
        GatewaySample start = default, end = default;
        long idleHeap = 0;
        while (await phones.StandardOutput.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith(OtaPhones.Marker, StringComparison.Ordinal))
            {
                Console.WriteLine(line);
                continue;
            }
            var mark = line[OtaPhones.Marker.Length..];
            if (mark.StartsWith("registered", StringComparison.Ordinal))
                idleHeap = GC.GetTotalMemory(forceFullCollection: true);
            else if (mark == "measure")
            {
                start = GatewaySample.Take(fullCollection: false);
                sampler?.Start();
            }
            else if (mark == "window-end")
            {
                sampler?.Stop();
                end = GatewaySample.Take(fullCollection: true);
            }
            else if (mark.StartsWith("result ", StringComparison.Ordinal))
                result = JsonSerializer.Deserialize(mark["result ".Length..], PhoneResultJson.Default.PhoneResult);
        }
        return (result, start, end, idleHeap);
    }
}
