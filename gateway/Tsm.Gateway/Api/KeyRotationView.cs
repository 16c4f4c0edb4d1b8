using Tsm.Grains.Ota;

namespace Tsm.Gateway.Api;

/// <summary>What a batch key rotation job has done so far (GET /admin/v1/key-rotations/{jobId}).</summary>
public sealed record KeyRotationView(
    string Id, string BatchId, int TargetKeyVersion, string State, int Scanned, int Queued, int UpToDate, int Refused,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error)
{
    public static KeyRotationView Of(KeyRotationProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return new(progress.JobId, progress.BatchId, progress.TargetKeyVersion, progress.State.ToString().ToLowerInvariant(),
            progress.Scanned, progress.Queued, progress.UpToDate, progress.Refused, progress.StartedAt, progress.FinishedAt, progress.Error);
    }
}
