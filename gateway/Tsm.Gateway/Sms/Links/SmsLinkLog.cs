namespace Tsm.Gateway.Sms.Links;

/// <summary>Log messages of the SMS links. PDUs carry no credentials in these messages; user data is never logged.</summary>
internal static partial class SmsLinkLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "SMS link {Link} ({Protocol}) bound to {Endpoint}")]
    public static partial void Bound(ILogger logger, SmsLinkInfo link, string protocol, string endpoint);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "SMS link {Link}: {Endpoint} refused the handshake: {Error}; retrying in {Delay}")]
    public static partial void HandshakeRefused(ILogger logger, SmsLinkInfo link, string endpoint, string error, TimeSpan delay);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "SMS link {Link}: connection to {Endpoint} failed ({Error}); retrying in {Delay}")]
    public static partial void ConnectionFailed(ILogger logger, SmsLinkInfo link, string endpoint, string error, TimeSpan delay);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "SMS link {Link}: disconnected from {Endpoint}; {InFlight} requests in flight are {Fate}")]
    public static partial void Disconnected(ILogger logger, SmsLinkInfo link, string endpoint, int inFlight, string fate);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "SMS link {Link}: throttled by the peer; pausing {Pause}")]
    public static partial void Throttled(ILogger logger, SmsLinkInfo link, TimeSpan pause);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "SMS link {Link}: no response to sequence {Sequence} within {Timeout} (attempt {Attempt})")]
    public static partial void ResponseTimeout(ILogger logger, SmsLinkInfo link, uint sequence, TimeSpan timeout, int attempt);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Warning, Message = "SMS link {Link}: {Misses} keep-alives unanswered; closing the connection")]
    public static partial void KeepAliveLost(ILogger logger, SmsLinkInfo link, int misses);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Warning, Message = "SMS link {Link}: malformed PDU from the peer: {Error}")]
    public static partial void Malformed(ILogger logger, SmsLinkInfo link, string error);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Information, Message = "SMS link {Link}: the peer closed the session")]
    public static partial void PeerClosed(ILogger logger, SmsLinkInfo link);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Debug, Message = "SMS link {Link}: response with sequence {Sequence} matches no request")]
    public static partial void UnmatchedResponse(ILogger logger, SmsLinkInfo link, uint sequence);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Information, Message = "SMS link {Link}: closed")]
    public static partial void Closed(ILogger logger, SmsLinkInfo link);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Error, Message = "SMS link {Link}: handling a request from the peer failed")]
    public static partial void PeerRequestFailed(ILogger logger, SmsLinkInfo link, Exception exception);
}
