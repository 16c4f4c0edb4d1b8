namespace Tsm.Grains.Ota;

/// <summary>One task (key: <see cref="TaskId.GrainKey"/>) as the APIs read it: its view and its session transcript.</summary>
[Alias("Tsm.ITaskGrain")]
public interface ITaskGrain : IGrainWithStringKey
{
    /// <summary>The task, or null for an id that never ran (the SE grain answers for tasks still queued).</summary>
    [Alias("View")]
    Task<TaskView?> View();

    /// <summary>
    /// A task that is no longer queued on its SE: its view from its grain state, or from its operation record once the
    /// purge removed that state (docs/ota.md, "Transcripts"); null for an id that never ran.
    /// </summary>
    [Alias("Ended")]
    Task<TaskView?> Ended();

    /// <summary>The session transcript as TS 102 226 expanded scripts, secrets redacted (docs/ota.md "Transcripts").</summary>
    [Alias("Transcript")]
    Task<IReadOnlyList<ScriptExchange>> Transcript();
}
