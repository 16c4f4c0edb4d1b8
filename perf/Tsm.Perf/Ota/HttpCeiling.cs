using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tsm.Perf.Ota;

/// <summary>
/// <c>http-ceiling</c>: what plain Kestrel and HttpClient do on this machine with a request mix of the given sizes —
/// N clients, each its own connection and async loop, POST a body of the request size and read a response of the
/// response size, server and clients in this process. <c>ota</c> runs it after its load with the load's own average
/// sizes, so the table can say what share of bare HTTP the engine reaches.
/// </summary>
internal static class HttpCeiling
{
    public const string Usage = "usage: Tsm.Perf http-ceiling [--clients N] [--seconds S] [--request-bytes B] [--response-bytes B]";

    public static async Task<int> RunAsync(string[] args)
    {
        int clients = 16, seconds = 10, request = 1500, response = 1500;
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 0)
            {
                Console.Error.WriteLine(Usage);
                return args[i] is "--help" or "-h" ? 0 : 64;
            }
            switch (args[i])
            {
                case "--clients" when n > 0: clients = n; break;
                case "--seconds" when n > 0: seconds = n; break;
                case "--request-bytes": request = n; break;
                case "--response-bytes": response = n; break;
                default: Console.Error.WriteLine(Usage); return 64;
            }
        }
        var result = await MeasureAsync(clients, TimeSpan.FromSeconds(seconds), request, response);
        Console.WriteLine("| clients | request body B | response body B | requests/s | wire B up/request | wire B down/request | CPU µs/request (server + clients) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {clients} | {request} | {response} | {result.RequestsPerSecond:F0} | {result.BytesUpPerRequest:F0} | {result.BytesDownPerRequest:F0} | {result.CpuMicrosPerRequest:F1} |"));
        return 0;
    }

    /// <summary>
    /// Runs the ceiling with bodies sized so that requests and responses take about <paramref name="wireUp"/> and
    /// <paramref name="wireDown"/> bytes on the wire, headers included (the ceiling's own headers are about 100 bytes a
    /// request and 120 a response; the printed wire sizes show how close the match is).
    /// </summary>
    public static Task<CeilingResult> MeasureForWireAsync(int clients, TimeSpan duration, long wireUp, long wireDown) =>
        MeasureAsync(clients, duration, (int)Math.Max(0, wireUp - 100), (int)Math.Max(0, wireDown - 120));

    /// <summary>Runs the ceiling: one second of warm-up, then <paramref name="duration"/> counted.</summary>
    public static async Task<CeilingResult> MeasureAsync(int clients, TimeSpan duration, int requestBytes, int responseBytes)
    {
        var port = InProcessGateway.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        var answer = new byte[responseBytes];
        Array.Fill(answer, (byte)'a');
        app.MapPost("/ceiling", async (HttpContext context) =>
        {
            // Read the whole body, as the gateway does before it parses JSON.
            var buffer = new byte[4096];
            while (await context.Request.Body.ReadAsync(buffer) > 0)
            {
            }
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = answer.Length;
            await context.Response.Body.WriteAsync(answer);
        });
        await app.StartAsync();
        try
        {
            var meter = new WireMeter();
            var body = new byte[requestBytes];
            Array.Fill(body, (byte)'b');
            var target = new Uri($"http://127.0.0.1:{port}/ceiling");
            using var stop = new CancellationTokenSource();
            var loops = Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
            {
                using var http = new HttpClient(meter.Handler());
                while (!stop.IsCancellationRequested)
                {
                    meter.Request();
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new("application/json");
                    using var reply = await http.PostAsync(target, content);
                    await reply.Content.ReadAsByteArrayAsync();
                }
            })));
            await Task.Delay(TimeSpan.FromSeconds(1));
            var start = WireSnapshot.Of(meter);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await Task.Delay(duration);
            var delta = WireDelta.Between(start, meter);
            var elapsed = clock.Elapsed.TotalSeconds;
            var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            await stop.CancelAsync();
            await loops;
            var requests = Math.Max(1, delta.Requests);
            return new CeilingResult(delta.Requests / elapsed, (double)delta.BytesUp / requests, (double)delta.BytesDown / requests, cpuMs * 1000 / requests);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
