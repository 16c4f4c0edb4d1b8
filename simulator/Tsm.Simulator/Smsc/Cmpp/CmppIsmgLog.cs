using Microsoft.Extensions.Logging;

namespace Tsm.Simulator.Smsc.Cmpp;

/// <summary>Log messages of the simulated ISMG. Shared secrets and authenticators are never logged.</summary>
internal static partial class CmppIsmgLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "CMPP ISMG listening on {Endpoint}")]
    public static partial void Listening(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "CMPP CONNECT from SP {SpId} ({Remote}), version 0x{Version:X2}: status {Status} ({StatusName})")]
    public static partial void Connect(ILogger logger, string spId, string remote, byte version, uint status, string statusName);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "CMPP link of SP {SpId} ({Remote}) closed")]
    public static partial void Closed(ILogger logger, string spId, string remote);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "Malformed CMPP data from {Remote}; closing the link")]
    public static partial void Malformed(ILogger logger, string remote, Exception exception);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Information, Message = "Fault: dropping the CMPP link of SP {SpId} after {Count} PDUs")]
    public static partial void Dropped(ILogger logger, string spId, long count);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Debug, Message = "CMPP link {Remote} failed")]
    public static partial void Failed(ILogger logger, string remote, Exception exception);

    [LoggerMessage(EventId = 6107, Level = LogLevel.Warning, Message = "CMPP {Command} from {Remote} before CONNECT; closing the link")]
    public static partial void NotConnected(ILogger logger, string remote, string command);

    [LoggerMessage(EventId = 6108, Level = LogLevel.Debug, Message = "CMPP {Command} ignored on the link of SP {SpId}")]
    public static partial void Ignored(ILogger logger, string spId, string command);

    [LoggerMessage(EventId = 6109, Level = LogLevel.Warning, Message = "CMPP Command_Id 0x{CommandId:X8} from {Remote} is not in the spec; skipped (CMPP has no generic error response)")]
    public static partial void UnknownCommand(ILogger logger, string remote, uint commandId);

    [LoggerMessage(EventId = 6110, Level = LogLevel.Information, Message = "CMPP link {Remote} closed: no CONNECT within {Timeout}")]
    public static partial void ConnectTimeout(ILogger logger, string remote, TimeSpan timeout);
}
