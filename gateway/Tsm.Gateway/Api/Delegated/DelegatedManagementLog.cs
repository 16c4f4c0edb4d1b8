namespace Tsm.Gateway.Api.Delegated;

/// <summary>What DAP signing and Delegated Management record: who asked for what; never a key, token or signature.</summary>
internal static partial class DelegatedManagementLog
{
    [LoggerMessage(EventId = 7960, Level = LogLevel.Information, Message = "Delegated management: token issued to platform {Platform} for SD {SecurityDomain}, INS {Ins}")]
    public static partial void TokenIssued(ILogger logger, string platform, string securityDomain, string ins);

    [LoggerMessage(EventId = 7961, Level = LogLevel.Information, Message = "Delegated management: platform {Platform} checked a token, valid {Valid}")]
    public static partial void TokenChecked(ILogger logger, string platform, bool valid);

    [LoggerMessage(EventId = 7962, Level = LogLevel.Information, Message = "Delegated management: platform {Platform} checked a {Operation} receipt of {Aid}, confirmation counter {Counter}, valid {Valid}")]
    public static partial void ReceiptChecked(ILogger logger, string platform, string operation, string aid, int counter, bool valid);

    [LoggerMessage(EventId = 7963, Level = LogLevel.Information, Message = "DAP: signed a load file data block hash for SD {SecurityDomain} at the request of platform {Platform}")]
    public static partial void DapSigned(ILogger logger, string securityDomain, string platform);

    [LoggerMessage(EventId = 7964, Level = LogLevel.Warning, Message = "Delegated management: a key is configured but unusable: {Reason}")]
    public static partial void KeyUnusable(ILogger logger, string reason);
}
