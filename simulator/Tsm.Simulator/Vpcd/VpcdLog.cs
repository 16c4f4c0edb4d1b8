using Microsoft.Extensions.Logging;

namespace Tsm.Simulator.Vpcd;

/// <summary>Log messages of the vpcd bridge. APDU bodies appear only at Trace and never for key-carrying commands.</summary>
internal static partial class VpcdLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Connected to vpcd at {Endpoint}")]
    public static partial void Connected(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "vpcd at {Endpoint} closed the connection")]
    public static partial void Disconnected(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "vpcd at {Endpoint} is not reachable ({Error}); retrying in {Delay}")]
    public static partial void ConnectFailed(ILogger logger, string endpoint, string error, TimeSpan delay);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Malformed data from vpcd at {Endpoint}; dropping the connection")]
    public static partial void Malformed(ILogger logger, string endpoint, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Connection to vpcd at {Endpoint} failed; reconnecting")]
    public static partial void ConnectionFailed(ILogger logger, string endpoint, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Control {Control}")]
    public static partial void Control(ILogger logger, VpcdControl control);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Unknown vpcd control code {Code}; ignored")]
    public static partial void UnknownControl(ILogger logger, byte code);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "APDU INS {Ins:X2}, {CommandLength} bytes -> SW {Sw:X4}, {ResponseLength} bytes")]
    public static partial void Apdu(ILogger logger, byte ins, int commandLength, ushort sw, int responseLength);

    [LoggerMessage(EventId = 9, Level = LogLevel.Trace, Message = "C-APDU {Command} R-APDU {Response}")]
    public static partial void ApduData(ILogger logger, string command, string response);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "The card answered INS {Ins:X2} with {Length} bytes, more than a vpcd frame holds; sending SW 6F00")]
    public static partial void ResponseTooLong(ILogger logger, byte ins, int length);
}
