using Tsm.Gateway.Sms.Links;

namespace Tsm.Gateway.Sms.Smpp;

/// <summary>Log messages of the SMPP ESME. No password and no user data ever appear here.</summary>
internal static partial class SmppLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "SMPP {Link}: a delivery receipt could not be read; acknowledged anyway")]
    public static partial void UnreadableReceipt(ILogger logger, SmsLinkInfo link);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Error, Message = "SMPP {Link}: the inbound handler failed; answering {Status} so that the SMSC delivers again")]
    public static partial void HandlerFailed(ILogger logger, SmsLinkInfo link, string status, Exception exception);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "SMPP {Link}: alert_notification for {Source}")]
    public static partial void Alert(ILogger logger, SmsLinkInfo link, string source);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "SMPP {Link}: the SMSC sent {Command}, which an ESME does not accept")]
    public static partial void UnexpectedRequest(ILogger logger, SmsLinkInfo link, string command);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Information, Message = "SMS {Account}: delivery report for {MessageId}: {Stat}")]
    public static partial void DeliveryReport(ILogger logger, string account, string messageId, string stat);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Information, Message = "SMS {Account}: MO message from {Source} to {Destination}, {Length} octets")]
    public static partial void MoMessage(ILogger logger, string account, string source, string destination, int length);
}
