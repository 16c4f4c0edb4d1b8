namespace Tsm.Gateway.Sms.Cmpp;

/// <summary>Log messages of the CMPP SP client. Secrets and authenticators are never logged.</summary>
internal static partial class CmppClientLog
{
    [LoggerMessage(EventId = 6201, Level = LogLevel.Warning, Message = "CMPP account {Account}: the ISMG accepted CONNECT but its AuthenticatorISMG does not verify; refusing the link")]
    public static partial void IsmgNotAuthenticated(ILogger logger, string account);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Debug, Message = "CMPP {Link}: status report for Msg_Id {MsgId}: {Stat}")]
    public static partial void Report(ILogger logger, string link, string msgId, string stat);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Debug, Message = "CMPP {Link}: MO message from {Source} to {Destination}, {Length} octets")]
    public static partial void Mo(ILogger logger, string link, string source, string destination, int length);

    [LoggerMessage(EventId = 6204, Level = LogLevel.Warning, Message = "CMPP {Link}: the inbound handler failed; answering DELIVER_RESP Result 8 so that the ISMG delivers again")]
    public static partial void HandlerFailed(ILogger logger, string link, Exception exception);

    [LoggerMessage(EventId = 6205, Level = LogLevel.Warning, Message = "CMPP {Link}: {Command} from the ISMG is not handled; ignored")]
    public static partial void Ignored(ILogger logger, string link, string command);
}
