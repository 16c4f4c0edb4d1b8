namespace Tsm.Gateway.Api;

/// <summary>Log messages of the SERAM endpoints.</summary>
internal static partial class SeramLog
{
    /// <summary>The spec asks for the errorMsg of an error status to be logged for investigation (docs/wallet-protocol.md, "SERAM conformance").</summary>
    [LoggerMessage(EventId = 60, Level = LogLevel.Warning, Message = "SERAM task {TaskId}: the local agent reported {Status} after {Executed} SE RAM commands: {ErrorMsg}")]
    public static partial void AgentError(ILogger logger, string taskId, string status, int executed, string errorMsg);
}
