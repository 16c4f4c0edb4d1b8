namespace Tsm.Gateway.Observability;

internal static partial class ObservabilityLog
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Information,
        Message = "TSM gateway {Version} ready ({Environment}): HTTP {Urls}; storage profile {Profile}, data at {Data}; Orleans silo port {SiloPort}, gateway port {GatewayPort}; health at /health/live and /health/ready, metrics at /metrics")]
    public static partial void Started(ILogger logger, string version, string environment, string urls, string profile, string data, int siloPort, int gatewayPort);
}
