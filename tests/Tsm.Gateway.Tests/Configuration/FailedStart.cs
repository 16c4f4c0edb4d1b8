using System.Globalization;
using Tsm.Gateway.Tests.Storage;

namespace Tsm.Gateway.Tests.Configuration;

/// <summary>
/// Starts the gateway as the tests do (RunningGateway's arguments) where the start is expected to fail, and returns
/// what it threw. The host is disposed without StopAsync: a silo that never ran cannot be stopped.
/// </summary>
internal static class FailedStart
{
    public static async Task<Exception> RunAsync(params string[] extra)
    {
        using var database = new TempDatabase();
        var app = GatewayApp.Build([
            "--urls", $"http://127.0.0.1:{SiloHost.FreePort().ToString(CultureInfo.InvariantCulture)}",
            "--environment", "Testing",
            "--Storage:SqlitePath", database.Path,
            "--Orleans:SiloPort", SiloHost.FreePort().ToString(CultureInfo.InvariantCulture),
            "--Orleans:GatewayPort", SiloHost.FreePort().ToString(CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Critical",
            .. extra,
        ]);
        try
        {
            await app.StartAsync();
        }
        catch (Exception e)
        {
            return e;
        }
        finally
        {
            await app.DisposeAsync();
        }
        throw new InvalidOperationException("The gateway started, but it should not have.");
    }
}
