using Microsoft.Extensions.Logging;

namespace Tsm.Simulator.Smsc.Smpp;

/// <summary>Log messages of the SMSC simulator. Passwords never appear.</summary>
internal static partial class SmscLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "SMPP SMSC listening on {Endpoint}")]
    public static partial void Listening(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Bind {Mode} from {SystemId}: {Status}")]
    public static partial void Bind(ILogger logger, string mode, string systemId, string status);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Dropping the connection of {SystemId} (fault: every {Every} PDUs)")]
    public static partial void Drop(ILogger logger, string systemId, int every);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Malformed PDU from {Remote}: {Error}")]
    public static partial void Malformed(ILogger logger, string remote, string error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Session {Remote} ended: {Reason}")]
    public static partial void SessionEnded(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Gave up delivering to {SystemId} after {Attempts} attempts")]
    public static partial void DeliveryAbandoned(ILogger logger, string systemId, int attempts);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Connection {Remote} closed: not bound within {Timeout} (session_init_timer)")]
    public static partial void SessionInitTimeout(ILogger logger, string remote, TimeSpan timeout);
}
