namespace Tsm.Grains.Ota;

/// <summary>
/// What a batch key rotation has done: SEs scanned, and of them updates queued, SEs already up to date (on the newest
/// version, or with the update queued already) and SEs that refused for another reason.
/// </summary>
[GenerateSerializer, Immutable, Alias("Tsm.KeyRotationProgress")]
public sealed record KeyRotationProgress(
    [property: Id(0)] string JobId,
    [property: Id(1)] string BatchId,
    [property: Id(2)] byte TargetKeyVersion,
    [property: Id(3)] KeyRotationState State,
    [property: Id(4)] int Scanned,
    [property: Id(5)] int Queued,
    [property: Id(6)] int UpToDate,
    [property: Id(7)] int Refused,
    [property: Id(8)] DateTimeOffset StartedAt,
    [property: Id(9)] DateTimeOffset? FinishedAt,
    [property: Id(10)] string? Error);
