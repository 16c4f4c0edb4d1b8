namespace Tsm.Gateway.Audit;

/// <summary>The audit log's own log messages; they name seqs and actions, never row content.</summary>
internal static partial class AuditLogEvents
{
    [LoggerMessage(EventId = 7401, Level = LogLevel.Error, Message = "Appending to the audit log failed (action {Action})")]
    public static partial void AppendFailed(ILogger logger, Exception exception, string action);

    [LoggerMessage(EventId = 7402, Level = LogLevel.Information, Message = "Audit log verified: {Rows} rows, head at seq {HeadSeq}")]
    public static partial void Verified(ILogger logger, long rows, long headSeq);

    [LoggerMessage(EventId = 7403, Level = LogLevel.Critical, Message = "Audit log tampered with at seq {Seq}: {Fault}. {Detail}")]
    public static partial void Tampered(ILogger logger, long seq, AuditFault fault, string detail);
}
