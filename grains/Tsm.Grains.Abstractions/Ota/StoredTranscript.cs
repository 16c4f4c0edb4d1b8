namespace Tsm.Grains.Ota;

/// <summary>
/// A finished task's transcript as the transcript store keeps it (docs/ota.md, "Transcripts"): the task, its SE, how
/// it ended, when, and the binary body (the engine's own format; secrets zeroed, LOAD blocks by reference).
/// </summary>
public sealed record StoredTranscript(Guid TaskId, string SeId, TaskState State, DateTimeOffset At, ReadOnlyMemory<byte> Body);
