using System.Buffers.Binary;

namespace Tsm.Grains.Ota.Transcripts;

/// <summary>
/// Which finished tasks keep their transcript (docs/ota.md, "Transcripts"): every failed or aborted one, and a sample
/// of the succeeded ones. The sample is decided by the task id (random bits), so it is the same decision wherever and
/// however often it is asked, and the share kept is the rate.
/// </summary>
public static class TranscriptRetention
{
    public static bool Keeps(TaskState state, Guid taskId, double successSampleRate) => state switch
    {
        TaskState.Failed or TaskState.Aborted => true,
        TaskState.Succeeded => InSample(taskId, successSampleRate),
        _ => false,
    };

    private static bool InSample(Guid taskId, double rate)
    {
        if (rate <= 0)
            return false;
        if (rate >= 1)
            return true;
        Span<byte> bytes = stackalloc byte[16];
        taskId.TryWriteBytes(bytes);
        // The first four bytes of a version-4 GUID are random: a uniform number in [0, 1).
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes) / 4294967296.0 < rate;
    }
}
