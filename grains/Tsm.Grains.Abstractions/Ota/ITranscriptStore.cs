namespace Tsm.Grains.Ota;

/// <summary>
/// Where task transcripts are kept, apart from grain state (docs/ota.md, "Transcripts"; the gateway's table
/// TaskTranscripts). Which transcripts are kept, and for how long, is the retention policy's choice.
/// </summary>
public interface ITranscriptStore
{
    /// <summary>Stores a finished task's transcript; completes once it is committed. Storing the same task again replaces it.</summary>
    Task StoreAsync(StoredTranscript transcript, CancellationToken cancellationToken = default);

    /// <summary>A task's stored transcript, or null (not kept, purged, or never run).</summary>
    Task<StoredTranscript?> FindAsync(Guid taskId, CancellationToken cancellationToken = default);
}
