namespace Tsm.Grains.Ota;

/// <summary>
/// A batch ISD key rotation (requirement 5.8.9.3) as a durable job (key: the job id): it pages through the batch's
/// registered SEs and queues the ISD key update on each SE not yet on the batch's newest key version, keeping its
/// progress and a cursor in grain state so that it resumes after a restart (docs/ota.md, "Batch key rotation").
/// </summary>
[Alias("Tsm.IKeyRotationJobGrain")]
public interface IKeyRotationJobGrain : IGrainWithStringKey
{
    /// <summary>Starts the job on an SE batch; a job already started answers its progress and starts nothing.</summary>
    [Alias("Start")]
    Task<KeyRotationProgress> Start(string batchId);

    /// <summary>The job's progress, or null when no job has this id.</summary>
    [Alias("Progress")]
    Task<KeyRotationProgress?> Progress();
}
