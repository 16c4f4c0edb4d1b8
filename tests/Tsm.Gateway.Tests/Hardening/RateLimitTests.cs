using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tsm.Gateway.Hardening;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Storage;

namespace Tsm.Gateway.Tests.Hardening;

/// <summary>
/// The gateway with small rate limits and loopback not exempt, plus two stand-in routes that use the Login and Codes
/// policies by name and <see cref="TargetRateLimiter"/> as the login and code routes do. Each test connects from its own
/// loopback address (127.0.0.0/8 is all loopback on Linux), so that each is its own client.
/// </summary>
public sealed class RateLimitedGatewayFixture : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        static string Port() => SiloHost.FreePort().ToString(CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateBuilder([
            "--urls", "http://127.0.0.1:0", "--environment", "Testing",
            "--Storage:SqlitePath", _database.Path,
            "--" + StorageExtensions.SiloPortKey, Port(),
            "--" + StorageExtensions.GatewayPortKey, Port(),
            "--Logging:LogLevel:Default", "Warning",
            "--RateLimits:ExemptLoopback", "false",
            "--RateLimits:ExemptAddresses:0", "127.0.0.99",
            "--RateLimits:Default:PermitLimit", "40", "--RateLimits:Default:Window", "01:00:00",
            "--RateLimits:KeyImport:PermitLimit", "2", "--RateLimits:KeyImport:Window", "01:00:00",
            "--RateLimits:Login:PermitLimit", "3", "--RateLimits:Login:Window", "01:00:00",
            "--RateLimits:LoginTarget:PermitLimit", "2", "--RateLimits:LoginTarget:Window", "01:00:00",
            "--RateLimits:Codes:PermitLimit", "5", "--RateLimits:Codes:Window", "01:00:00",
            "--RateLimits:CodesTarget:PermitLimit", "2", "--RateLimits:CodesTarget:Window", "00:10:00",
        ]);
        builder.AddGatewayServices();
        _app = builder.Build();
        _app.MapGatewayEndpoints();
        _app.MapPost("/test/login/{account}", (string account, HttpContext context, TargetRateLimiter targets) =>
            (IResult?)targets.Acquire(context, RateLimitPolicies.Login, account) ?? Results.NoContent()).RequireRateLimiting(RateLimitPolicies.Login);
        _app.MapPost("/test/login-target/{account}", (string account, HttpContext context, TargetRateLimiter targets) =>
            (IResult?)targets.Acquire(context, RateLimitPolicies.Login, account) ?? Results.NoContent());
        _app.MapPost("/test/codes/{msisdn}", (string msisdn, HttpContext context, TargetRateLimiter targets) =>
            (IResult?)targets.Acquire(context, RateLimitPolicies.Codes, msisdn) ?? Results.NoContent()).RequireRateLimiting(RateLimitPolicies.Codes);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First());
    }

    /// <summary>A client whose connections come from <paramref name="source"/> (a loopback address).</summary>
    public HttpClient ClientFrom(string source)
    {
        var local = IPAddress.Parse(source);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _database.Dispose();
    }
}

/// <summary>Rate limits over HTTP (docs/security.md, "Rate limits"): 429 with problem details and Retry-After, per client and per target.</summary>
public sealed class RateLimitTests(RateLimitedGatewayFixture gateway) : IClassFixture<RateLimitedGatewayFixture>
{
    private static readonly object BadImport = new { transportKey = "tk", key = "00", keyCheckValue = "00" };

    private static async Task AssertTooManyAsync(HttpResponseMessage response, TimeSpan window)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"expected 429, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), window);
        Assert.Contains("Too many requests", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_import_is_strict_counts_refused_attempts_and_answers_429_with_retry_after()
    {
        // Anonymous: authorization refuses each attempt (401), and the limiter, which runs before it, counts them.
        using var client = gateway.ClientFrom("127.0.0.2");
        for (var i = 0; i < 2; i++)
        {
            using var allowed = await client.PostAsJsonAsync(new Uri("/admin/v1/keys/import", UriKind.Relative), BadImport);
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }
        using var refused = await client.PostAsJsonAsync(new Uri("/admin/v1/keys/import", UriKind.Relative), BadImport);
        await AssertTooManyAsync(refused, TimeSpan.FromHours(1));

        // Another client is not affected: the limit is per client.
        using var other = gateway.ClientFrom("127.0.0.3");
        using var elsewhere = await other.PostAsJsonAsync(new Uri("/admin/v1/keys/import", UriKind.Relative), BadImport);
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
    }

    [Fact]
    public async Task The_global_limit_applies_to_every_route_per_client()
    {
        using var client = gateway.ClientFrom("127.0.0.4");
        for (var i = 0; i < 40; i++)
        {
            using var allowed = await client.GetAsync(new Uri("/version", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using var refused = await client.GetAsync(new Uri("/health", UriKind.Relative));
        await AssertTooManyAsync(refused, TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task The_login_policy_limits_a_client_address_whichever_accounts_it_tries()
    {
        using var client = gateway.ClientFrom("127.0.0.5");
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await client.PostAsync(new Uri($"/test/login/account{i}", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        }
        using var refused = await client.PostAsync(new Uri("/test/login/account9", UriKind.Relative), null);
        await AssertTooManyAsync(refused, TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task A_login_target_is_limited_whichever_addresses_the_attempts_come_from()
    {
        using var first = gateway.ClientFrom("127.0.0.6");
        using var second = gateway.ClientFrom("127.0.0.7");
        using (var allowed = await first.PostAsync(new Uri("/test/login-target/8600000000000000AA01", UriKind.Relative), null))
            Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        // The same SEID in lower case is the same target.
        using (var allowed = await second.PostAsync(new Uri("/test/login-target/8600000000000000aa01", UriKind.Relative), null))
            Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        using (var refused = await second.PostAsync(new Uri("/test/login-target/8600000000000000AA01", UriKind.Relative), null))
            await AssertTooManyAsync(refused, TimeSpan.FromHours(1));
        using var other = await first.PostAsync(new Uri("/test/login-target/8600000000000000AA02", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NoContent, other.StatusCode);
    }

    [Fact]
    public async Task One_time_codes_are_limited_per_msisdn_and_per_client()
    {
        using var client = gateway.ClientFrom("127.0.0.8");
        async Task<HttpResponseMessage> Code(string msisdn) => await client.PostAsync(new Uri($"/test/codes/{msisdn}", UriKind.Relative), null);

        using (var r = await Code("13900000001"))
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        using (var r = await Code("13900000001"))
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        using (var r = await Code("13900000001"))
            await AssertTooManyAsync(r, TimeSpan.FromMinutes(10)); // 2 per MSISDN
        using (var r = await Code("13900000002"))
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        using (var r = await Code("13900000003"))
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        using (var r = await Code("13900000004"))
            await AssertTooManyAsync(r, TimeSpan.FromHours(1)); // 5 per client address
    }

    [Fact]
    public async Task An_exempt_address_is_never_limited()
    {
        using var client = gateway.ClientFrom("127.0.0.99");
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.PostAsJsonAsync(new Uri("/admin/v1/keys/import", UriKind.Relative), BadImport);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }
}
