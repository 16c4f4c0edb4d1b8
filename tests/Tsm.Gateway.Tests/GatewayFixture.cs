using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Tests.Storage;

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

    public RunningGateway(string databasePath, params string[] extraArgs)
    {
        _databasePath = databasePath;
        _extra = extraArgs;
        _port = SiloHost.FreePort();
    }

    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

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
            "--Logging:LogLevel:Default", "Warning",
            .. _extra,
        ]);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    /// <summary>Stops the host abruptly (no graceful grain deactivation is relied on) and releases its ports.</summary>
    public async Task StopAsync()
    {
        Client?.Dispose();
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

    public Uri BaseAddress => _gateway!.BaseAddress;

    public IServiceProvider Services => _gateway!.Services;

    /// <summary>Command-line arguments added to the test gateway's own (e.g. catalogue entries, keys, platforms).</summary>
    protected virtual string[] Arguments() => [];

    public async Task InitializeAsync()
    {
        _gateway = new RunningGateway(_database.Path, Arguments());
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
