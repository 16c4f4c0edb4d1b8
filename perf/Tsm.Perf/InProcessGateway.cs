using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Tsm.Gateway;
using Tsm.Testing;

namespace Tsm.Perf;

/// <summary>The gateway hosted in the benchmark's process: embedded profile on a temporary SQLite file, free loopback ports.</summary>
internal sealed class InProcessGateway : IAsyncDisposable
{
    private readonly string _folder;

    private InProcessGateway(WebApplication app, Uri baseAddress, string folder)
    {
        App = app;
        BaseAddress = baseAddress;
        _folder = folder;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    /// <summary>The SQLite file of the embedded profile.</summary>
    public string DatabasePath => Path.Combine(_folder, "tsm.db");

    public IServiceProvider Services => App.Services;

    /// <summary>Starts it; <paramref name="extraArgs"/> add configuration (e.g. SMS accounts).</summary>
    public static async Task<InProcessGateway> StartAsync(string name, params string[] extraArgs)
    {
        var folder = Directory.CreateTempSubdirectory($"tsm-{name}-").FullName;
        var port = FreePort();
        var app = GatewayApp.Build([
            "--urls", $"http://127.0.0.1:{port}",
            // Testing: the development defaults (docs/security.md) — plain HTTP, the shipped storage key that protects the
            // demo master key, and loopback clients (every simulated phone) exempt from rate limits.
            "--environment", "Testing",
            "--contentRoot", AppContext.BaseDirectory,
            "--Storage:SqlitePath", Path.Combine(folder, "tsm.db"),
            "--Orleans:SiloPort", FreePort().ToString(CultureInfo.InvariantCulture),
            "--Orleans:GatewayPort", FreePort().ToString(CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Warning",
            // Load phones prove their numbers with the network gateway's header, believed from loopback only here.
            "--WalletAccess:NetworkGatewayAddresses:0", "127.0.0.1",
            .. extraArgs,
        ]);
        await app.StartAsync();
        return new InProcessGateway(app, new Uri($"http://127.0.0.1:{port}"), folder);
    }

    public static int FreePort() => LoopbackPort.Free();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_folder, true);
        }
        catch (IOException)
        {
            // temp files stay if still open
        }
    }
}
