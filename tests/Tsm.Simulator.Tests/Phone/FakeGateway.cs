using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tsm.Protocol.Seram;
using Tsm.Protocol.Wallet;

namespace Tsm.Simulator.Tests.Phone;

/// <summary>
/// A minimal remote agent on 127.0.0.1:0 speaking SERAM 2.0.0 JSON (and, optionally, the wallet API): each session
/// plays a script of orders, then answers stopCommand. Every report is parsed strictly, so a malformed report fails.
/// </summary>
internal sealed class FakeGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Queue<RemoteManagementOrder>> _scripts = new();

    private FakeGateway(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentQueue<(string SessionId, HandshakeRequest Request)> Handshakes { get; } = new();

    public ConcurrentQueue<(string SessionId, RemoteManagementReport Report)> Reports { get; } = new();

    /// <summary>Bodies the fake could not accept (it answered 400).</summary>
    public ConcurrentQueue<string> Rejected { get; } = new();

    public HttpStatusCode HandshakeStatus { get; set; } = HttpStatusCode.OK;

    /// <summary>Raw body answered to every remoteManagement request instead of the script (to test bad orders).</summary>
    public string? RawOrder { get; set; }

    /// <summary>The first remoteManagement request is held this long before it is answered (long poll past the agent's timeout).</summary>
    public TimeSpan FirstReportHold { get; set; }

    /// <summary>The first this many remoteManagement requests are answered 503 (a cluster node failing over), unread.</summary>
    public int UnavailableFirst { get; set; }

    public WalletLoginResponse? Login { get; set; }

    public WalletProblem? LoginProblem { get; set; }

    public WalletOperationAccepted? Accepted { get; set; }

    public WalletTaskStatus? Task { get; set; }

    public ConcurrentQueue<WalletOperationRequest> Operations { get; } = new();

    public IReadOnlyList<RemoteManagementReport> ReportsOf(string sessionId) => [.. Reports.Where(r => r.SessionId == sessionId).Select(r => r.Report)];

    public void Script(string sessionId, params RemoteManagementOrder[] orders) => _scripts[sessionId] = new Queue<RemoteManagementOrder>(orders);

    public static async Task<FakeGateway> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeGateway(app);
        app.MapPost(SeramConstants.HandshakePath, (RequestDelegate)fake.HandshakeAsync);
        app.MapPost(SeramConstants.RemoteManagementPath, (RequestDelegate)fake.RemoteManagementAsync);
        app.MapPost(WalletPaths.Login, (RequestDelegate)fake.LoginAsync);
        app.MapPost(WalletPaths.Operations, (RequestDelegate)fake.OperationsAsync);
        app.MapGet(WalletPaths.TaskTemplate, (RequestDelegate)fake.TaskAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseAddress = new Uri(address);
        return fake;
    }

    private async Task HandshakeAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context);
        var sessionId = context.Request.Query[SeramConstants.SessionIdParameter].ToString();
        HandshakeRequest request;
        try
        {
            request = SeramSerializer.ParseHandshakeRequest(body);
        }
        catch (SeramFormatException ex)
        {
            Rejected.Enqueue(ex.Message);
            context.Response.StatusCode = 400;
            return;
        }
        Handshakes.Enqueue((sessionId, request));
        if (!_scripts.ContainsKey(sessionId))
        {
            context.Response.StatusCode = 404;
            return;
        }
        if (HandshakeStatus != HttpStatusCode.OK)
        {
            context.Response.StatusCode = (int)HandshakeStatus;
            return;
        }
        await WriteJsonAsync(context, SeramSerializer.Serialize(new HandshakeResponse
        {
            ChosenTransportProtocol = context.Request.IsHttps ? SeramConstants.TransportHttps : SeramConstants.TransportHttp,
            ChosenDataFormat = SeramConstants.DataFormatJson,
            ChosenVersion = SeramConstants.Version,
        }));
    }

    private int _remoteManagementCalls;

    private async Task RemoteManagementAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context);
        var sessionId = context.Request.Query[SeramConstants.SessionIdParameter].ToString();
        var call = Interlocked.Increment(ref _remoteManagementCalls);
        if (call <= UnavailableFirst)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "1";
            return;
        }
        if (call == 1 && FirstReportHold > TimeSpan.Zero)
        {
            try
            {
                await System.Threading.Tasks.Task.Delay(FirstReportHold, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        RemoteManagementReport report;
        try
        {
            report = SeramSerializer.ParseReport(body);
        }
        catch (SeramFormatException ex)
        {
            Rejected.Enqueue(ex.Message);
            context.Response.StatusCode = 400;
            return;
        }
        Reports.Enqueue((sessionId, report));
        if (!_scripts.TryGetValue(sessionId, out var script))
        {
            context.Response.StatusCode = 404;
            return;
        }
        if (RawOrder is { } raw)
        {
            await WriteJsonAsync(context, raw);
            return;
        }
        RemoteManagementOrder order;
        lock (script)
            order = script.Count > 0 ? script.Dequeue() : new RemoteManagementOrder { Delay = 0, RamCommands = [RamCommand.Stop()] };
        await WriteJsonAsync(context, SeramSerializer.Serialize(order));
    }

    private async Task LoginAsync(HttpContext context)
    {
        _ = JsonSerializer.Deserialize(await ReadBodyAsync(context), WalletJsonContext.Default.WalletLoginRequest);
        if (LoginProblem is { } problem)
        {
            context.Response.StatusCode = problem.Status;
            context.Response.ContentType = WalletPaths.ProblemContentType;
            await context.Response.WriteAsync(JsonSerializer.Serialize(problem, WalletJsonContext.Default.WalletProblem));
            return;
        }
        await WriteJsonAsync(context, JsonSerializer.Serialize(Login!, WalletJsonContext.Default.WalletLoginResponse));
    }

    private async Task OperationsAsync(HttpContext context)
    {
        Operations.Enqueue(JsonSerializer.Deserialize(await ReadBodyAsync(context), WalletJsonContext.Default.WalletOperationRequest)!);
        context.Response.StatusCode = 202;
        await WriteJsonAsync(context, JsonSerializer.Serialize(Accepted!, WalletJsonContext.Default.WalletOperationAccepted));
    }

    private Task TaskAsync(HttpContext context) =>
        WriteJsonAsync(context, JsonSerializer.Serialize(Task!, WalletJsonContext.Default.WalletTaskStatus));

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        return await reader.ReadToEndAsync(context.RequestAborted);
    }

    private static Task WriteJsonAsync(HttpContext context, string json)
    {
        context.Response.ContentType = SeramConstants.ContentType;
        return context.Response.WriteAsync(json, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
