using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway;
using Tsm.Testing;

namespace Tsm.Specs.Drivers;

/// <summary>
/// The real gateway in-process: Kestrel on a free loopback port, an Orleans silo on free ports, the embedded SQLite
/// profile on a temporary file and the demo catalogue of appsettings.json (content root = the test output).
/// One per OTA feature (see <c>Support/OtaHooks</c>).
/// </summary>
public sealed class OtaGateway : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string[] _extra;
    private WebApplication? _app;

    private OtaGateway(string directory, string[] extra)
    {
        _directory = directory;
        _extra = extra;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    /// <summary>A client signed in as an operator holding every permission.</summary>
    public HttpClient Operator { get; private set; } = null!;

    /// <summary>A client signed in as business-hall staff.</summary>
    public HttpClient BusinessHall { get; private set; } = null!;

    /// <summary>Starts a gateway; <paramref name="extraArgs"/> add configuration (e.g. SMS accounts).</summary>
    public static async Task<OtaGateway> StartAsync(params string[] extraArgs)
    {
        var gateway = new OtaGateway(Directory.CreateTempSubdirectory("tsm-specs-ota-").FullName, extraArgs);
        await gateway.StartCoreAsync();
        return gateway;
    }

    private async Task StartCoreAsync()
    {
        static string Port() => FreePort().ToString(CultureInfo.InvariantCulture);
        _app = GatewayApp.Build([
            "--contentRoot", AppContext.BaseDirectory,
            "--urls", $"http://127.0.0.1:{Port()}",
            "--environment", "Testing",
            "--Storage:SqlitePath", Path.Combine(_directory, "tsm.db"),
            "--Orleans:SiloPort", Port(),
            "--Orleans:GatewayPort", Port(),
            "--Seram:LongPoll", "00:00:03",
            "--Logging:LogLevel:Default", "Warning",
            // Phones prove their number with the network gateway's header, believed from loopback only here (docs/security.md).
            "--WalletAccess:NetworkGatewayAddresses:0", "127.0.0.1",
            .. _extra,
        ]);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Operator = await OperatorAccounts.ClientAsync(_app.Services, BaseAddress, "spec-operator", [OperatorAccounts.AllPermissions]);
        BusinessHall = await OperatorAccounts.ClientAsync(_app.Services, BaseAddress, "spec-hall", [Gateway.Security.Roles.BusinessHall]);
    }

    public static int FreePort() => LoopbackPort.Free();

    public async ValueTask DisposeAsync()
    {
        Operator?.Dispose();
        BusinessHall?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp directory is left behind.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
