using Microsoft.Extensions.Logging;

namespace Tsm.Grains.Ota;

internal static partial class KeyRotationLog
{
    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Key rotation {JobId} of batch {BatchId} to key version {TargetKeyVersion} started")]
    public static partial void Started(ILogger logger, string jobId, string batchId, byte targetKeyVersion);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information,
        Message = "Key rotation {JobId} ended {State}: {Scanned} SEs scanned, {Queued} queued, {UpToDate} up to date, {Refused} refused")]
    public static partial void Finished(ILogger logger, string jobId, KeyRotationState state, int scanned, int queued, int upToDate, int refused);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Key rotation {JobId}: a page failed; it is done again at the next step")]
    public static partial void StepFailed(ILogger logger, Exception exception, string jobId);
}
