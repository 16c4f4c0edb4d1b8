using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tsm.Gateway.ServiceProviders;
using Tsm.Gateway.Tests.Storage;

namespace Tsm.Gateway.Tests.Sp;

/// <summary>The platforms, keys and catalogue the service-provider tests configure.</summary>
internal static class SpSetup
{
    public const string BankKey = "bank-platform-api-key-0001";
    public const string LimitedKey = "limited-platform-api-key-0002";
    public const string OtherKey = "other-platform-api-key-0003";
    public const string CallbackSecret = "callback-secret-for-tests-0123456789";

    /// <summary>The demo application (provider "demo").</summary>
    public const string DemoApp = "A000000333010101";

    /// <summary>Provider "demo"'s application that waits for an activation notice (Personalized after download).</summary>
    public const string ActivatedApp = "A000000555010101";

    /// <summary>Provider "other"'s application.</summary>
    public const string OtherApp = "A000000444010101";

    public static string Sha256Hex(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static int s_next;

    public static string NewSeId() => $"8600000000000000{Interlocked.Increment(ref s_next) + 0x5000:X4}";

    /// <summary>Gateway arguments: the applications of two providers and three platforms ("bank" with a callback URL).</summary>
    public static string[] Arguments(Uri callback, TimeSpan syncWait) =>
    [
        .. App(1, OtherApp, "A0000004440101", "other", needsActivation: false),
        .. App(2, ActivatedApp, "A0000005550101", "demo", needsActivation: true),
        "--ServiceProviders:SyncWait", syncWait.ToString("c", CultureInfo.InvariantCulture),
        "--ServiceProviders:Callbacks:RetryPause", "00:00:00.200",
        "--ServiceProviders:Callbacks:MaxRetryPause", "00:00:01",
        "--ServiceProviders:Callbacks:Timeout", "00:00:02",
        "--ServiceProviders:Platforms:bank:ApiKeySha256:0", Sha256Hex(BankKey),
        .. Grant("bank", "demo", SpCapabilities.All.ToArray()),
        "--ServiceProviders:Platforms:bank:CallbackUrl", new Uri(callback, "/hook").ToString(),
        "--ServiceProviders:Platforms:bank:CallbackSecret", CallbackSecret,
        "--ServiceProviders:Platforms:limited:ApiKeySha256:0", Sha256Hex(LimitedKey),
        .. Grant("limited", "demo", SpCapabilities.Download),
        "--ServiceProviders:Platforms:other:ApiKeySha256:0", Sha256Hex(OtherKey),
        .. Grant("other", "other", SpCapabilities.All.ToArray()),
    ];

    private static string[] App(int index, string aid, string loadFile, string provider, bool needsActivation)
    {
        var at = $"--Catalogue:Applications:{index}:";
        return
        [
            at + "Aid", aid, at + "Name", "test " + provider, at + "LoadFileAid", loadFile,
            at + "Instances:0:ModuleAid", aid, at + "Instances:0:InstanceAid", aid,
            at + "CapFile", "demo:2048", at + "ServiceProvider", provider, at + "Status", "Published",
            at + "NeedsActivation", needsActivation ? "true" : "false",
        ];
    }

    private static string[] Grant(string platform, string provider, params string[] capabilities) =>
        [.. capabilities.SelectMany((c, i) => new[] { $"--ServiceProviders:Platforms:{platform}:Providers:{provider}:{i}", c })];

    public static HttpRequestMessage Request(HttpMethod method, string path, string? key, object? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (key is not null)
            request.Headers.Add(SpAuthenticator.ApiKeyHeader, key);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        return request;
    }
}

/// <summary>One callback POST as the receiver saw it.</summary>
internal sealed record ReceivedCallback(string EventId, string? Signature, string Body, int Attempt, bool Acknowledged);

/// <summary>
/// A business platform's callback endpoint: Kestrel on a loopback port, recording every POST; it answers 500 to the
/// first <see cref="FailFirst"/> POSTs of each event, then 204.
/// </summary>
internal sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    private CallbackReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedCallback> Received { get; } = new();

    public int FailFirst { get; set; }

    public static async Task<CallbackReceiver> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new CallbackReceiver(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var id = request.Headers[SpCallbackSender.EventHeader].ToString();
            var attempt = receiver._attempts.AddOrUpdate(id, 1, (_, n) => n + 1);
            var ok = attempt > receiver.FailFirst;
            receiver.Received.Enqueue(new ReceivedCallback(id, request.Headers[SpCallbackSender.SignatureHeader].ToString(), body, attempt, ok));
            return ok ? Results.NoContent() : Results.StatusCode(StatusCodes.Status500InternalServerError);
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The acknowledged callback of an event, waiting for it up to <paramref name="timeout"/>.</summary>
    public async Task<ReceivedCallback> AcknowledgedAsync(string eventId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Received.FirstOrDefault(r => r.EventId == eventId && r.Acknowledged) is { } done)
                return done;
            await Task.Delay(50);
        }
        throw new TimeoutException($"No acknowledged callback for {eventId}; saw {Received.Count(r => r.EventId == eventId)} attempt(s).");
    }

    public static bool SignatureValid(ReceivedCallback callback)
    {
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SpSetup.CallbackSecret), Encoding.UTF8.GetBytes(callback.Body)));
        return callback.Signature is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(callback.Signature));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A gateway with the service-provider platforms configured and a callback receiver, shared by the SP tests.</summary>
public sealed class SpGatewayFixture : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private RunningGateway? _gateway;

    internal CallbackReceiver Receiver { get; private set; } = null!;

    public HttpClient Client => _gateway!.Client;

    public Uri BaseAddress => _gateway!.BaseAddress;

    public IServiceProvider Services => _gateway!.Services;

    public static TimeSpan SyncWait { get; } = TimeSpan.FromSeconds(4);

    public async Task InitializeAsync()
    {
        var port = SiloHost.FreePort();
        Receiver = await CallbackReceiver.StartAsync(port);
        Receiver.FailFirst = 1; // every callback is refused once, then acknowledged: the retry is always exercised
        _gateway = new RunningGateway(_database.Path, SpSetup.Arguments(new Uri($"http://127.0.0.1:{port}"), SyncWait));
        await _gateway.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
            await _gateway.DisposeAsync();
        await Receiver.DisposeAsync();
        _database.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SpGatewayCollection : ICollectionFixture<SpGatewayFixture>
{
    public const string Name = "sp-gateway";
}

internal static class HttpAssert
{
    public static async Task ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
