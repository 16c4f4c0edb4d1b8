namespace Tsm.Gateway.Parameters;

/// <summary>Log messages of the system parameters (event ids 1320–1339). Parameters hold no secrets, so values are logged.</summary>
internal static partial class ParametersLog
{
    [LoggerMessage(EventId = 1320, Level = LogLevel.Information, Message = "Parameter {Name}: {Action} by {ChangedBy}, {OldValue} → {NewValue}")]
    public static partial void Changed(ILogger logger, string name, string action, string changedBy, string? oldValue, string? newValue);

    [LoggerMessage(EventId = 1321, Level = LogLevel.Information, Message = "System parameters reloaded: {Count} stored values in effect")]
    public static partial void Reloaded(ILogger logger, int count);

    [LoggerMessage(EventId = 1322, Level = LogLevel.Warning, Message = "System parameter reload failed; the values read before stay in effect until the next refresh")]
    public static partial void ReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1323, Level = LogLevel.Warning, Message = "Stored system parameter {Name} is not applied: {Reason}")]
    public static partial void Rejected(ILogger logger, string name, string reason);
}
