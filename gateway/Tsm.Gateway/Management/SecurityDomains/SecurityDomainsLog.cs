namespace Tsm.Gateway.Management.SecurityDomains;

/// <summary>Logs of the security-domain definitions (event ids 1300–1319).</summary>
internal static partial class SecurityDomainsLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Security-domain definition {Aid}: {Action} by {Actor}")]
    public static partial void Changed(ILogger logger, string action, string aid, string actor);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "{Count} security-domain definition(s) seeded from Catalogue:SecurityDomains")]
    public static partial void Seeded(ILogger logger, int count);
}
