namespace Tsm.Gateway.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Storage schema applied to {Path} ({ScriptCount} scripts, {ElapsedMs} ms)")]
    public static partial void SchemaApplied(ILogger logger, string path, int scriptCount, long elapsedMs);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Applying the storage schema to {Path} failed")]
    public static partial void SchemaFailed(ILogger logger, Exception exception, string path);
}
