namespace Tsm.Grains.Ota;

/// <summary>
/// The task grain as the SE grain drives it (key: <see cref="TaskId.GrainKey"/>): its plan, progress and result;
/// resumable after a crash. Only the SE grain calls it: one live task per SE (docs/requirements.md 5.8.8).
/// </summary>
[Alias("Tsm.ITaskRunner")]
public interface ITaskRunner : IGrainWithStringKey
{
    /// <summary>
    /// The current order (a new session when none is live), or the next one after a report. <paramref name="task"/> is
    /// the SE grain's durable entry: the task grain adopts it when it has no state of its own yet. <paramref name="fresh"/>
    /// says the SE grain created the task in its current activation, so nothing can be stored for it yet.
    /// </summary>
    [Alias("Advance")]
    Task<TaskAdvance> Advance(QueuedTask task, bool fresh, int? answering, IReadOnlyList<string> responses, string? agentError = null);

    /// <summary>Ends the task as aborted (and records it) unless it has already ended.</summary>
    [Alias("Abort")]
    Task Abort(QueuedTask task, bool fresh, string reason);
}
