using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tsm.Gateway.Tests.Storage;
using Tsm.Grains;

namespace Tsm.Gateway.Tests;

/// <summary>
/// The real gateway (Kestrel on a free loopback port, an Orleans silo on free ports, the embedded SQLite profile on
/// a temporary file). It can be stopped and started again on the same database, as a crash and restart would.
/// </summary>
public sealed class RunningGateway : IAsyncDisposable
{
    private readonly string _databasePath;
    private readonly string[] _extra;
    private WebApplication? _app;

    private readonly int _port;

    // One label prefix per gateway, kept across its restarts (with TSM_KEY_SERVICE=pkcs11, docs/key-service.md).
    private readonly IReadOnlyList<string> _keyService = Testing.SoftHsm.TestGatewayArguments(Testing.SoftHsm.NewPrefix());

    public RunningGateway(string databasePath, params string[] extraArgs)
    {
        _databasePath = databasePath;
        _extra = extraArgs;
        _port = SiloHost.FreePort();
    }

    /// <summary>A client signed in as the test operator, who holds every permission (national scope).</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>A client with no credentials at all.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>A client signed in as business-hall staff (national scope).</summary>
    public HttpClient BusinessHall { get; private set; } = null!;

    /// <summary>
    /// Whether requests from 127.0.0.1 count as the operator's network gateway vouching for the wallet's number
    /// (docs/security.md, "Wallets"): so test phones register without an SMS code. Tests of the code path turn it off.
    /// </summary>
    public bool TrustLoopbackNetworkGateway { get; init; } = true;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    /// <summary>
    /// The domain's clock when the test fakes it (token validity, activation timeout, key update period, push validity
    /// then pass only when the test advances it); Orleans, Kestrel, links and waits keep the real clock
    /// (docs/architecture.md, "Time"). Null: the system clock.
    /// </summary>
    public FakeTimeProvider? Clock { get; init; }

    public async Task StartAsync()
    {
        _app = GatewayApp.Build([
            // The same HTTP port across restarts, so phones reconnect to the restarted gateway.
            "--urls", $"http://127.0.0.1:{_port.ToString(CultureInfo.InvariantCulture)}",
            "--environment", "Testing",
            "--Storage:SqlitePath", _databasePath,
            "--Orleans:SiloPort", SiloHost.FreePort().ToString(CultureInfo.InvariantCulture),
            "--Orleans:GatewayPort", SiloHost.FreePort().ToString(CultureInfo.InvariantCulture),
            "--Seram:LongPoll", "00:00:03",
            // Every transcript kept: tests read the transcripts of succeeded tasks (the default keeps a sample of 1 %).
            "--Transcripts:SuccessSampleRate", "1",
            "--Logging:LogLevel:Default", "Warning",
            .. TrustLoopbackNetworkGateway ? (string[])["--WalletAccess:NetworkGatewayAddresses:0", "127.0.0.1"] : [],
            .. _keyService,
            .. _extra,
        ], builder =>
        {
            if (Clock is { } clock)
                builder.Services.AddKeyedSingleton<TimeProvider>(DomainClock.Key, clock);
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Anonymous = new HttpClient { BaseAddress = BaseAddress };
        Client = await TestAccounts.ClientAsync(_app.Services, BaseAddress, "qa-operator", [TestAccounts.AllPermissions]);
        BusinessHall = await TestAccounts.ClientAsync(_app.Services, BaseAddress, "qa-hall", [Security.Roles.BusinessHall]);
    }

    /// <summary>Stops the host abruptly (no graceful grain deactivation is relied on) and releases its ports.</summary>
    public async Task StopAsync()
    {
        Client?.Dispose();
        Anonymous?.Dispose();
        BusinessHall?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

/// <summary>One gateway shared by a collection of tests, started with the fixture's extra arguments (configuration).</summary>
public abstract class ConfiguredGatewayFixture : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private RunningGateway? _gateway;

    public HttpClient Client => _gateway!.Client;

    public HttpClient Anonymous => _gateway!.Anonymous;

    public HttpClient BusinessHall => _gateway!.BusinessHall;

    public Uri BaseAddress => _gateway!.BaseAddress;

    public IServiceProvider Services => _gateway!.Services;

    /// <summary>The gateway's domain clock, for tests to advance; only when <see cref="UsesFakeClock"/>.</summary>
    public FakeTimeProvider Clock => _gateway!.Clock ?? throw new InvalidOperationException("This fixture's gateway runs on the system clock.");

    /// <summary>Whether the gateway's domain clock is a fake one that stands still until a test advances it.</summary>
    protected virtual bool UsesFakeClock => false;

    /// <summary>Command-line arguments added to the test gateway's own (e.g. catalogue entries, keys, platforms).</summary>
    protected virtual string[] Arguments() => [];

    public async Task InitializeAsync()
    {
        _gateway = new RunningGateway(_database.Path, Arguments()) { Clock = UsesFakeClock ? new FakeTimeProvider(DateTimeOffset.UtcNow) : null };
        await _gateway.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
            await _gateway.DisposeAsync();
        _database.Dispose();
    }
}

/// <summary>The gateway with its default (demo) configuration.</summary>
public sealed class GatewayFixture : ConfiguredGatewayFixture;

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
