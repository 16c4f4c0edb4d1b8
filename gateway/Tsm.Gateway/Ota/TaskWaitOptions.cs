namespace Tsm.Gateway.Ota;

/// <summary>Options of the requests that wait on an SE's task queue (section "TaskWaits"; docs/architecture.md, "Waiting for tasks").</summary>
public sealed class TaskWaitOptions
{
    public const string Section = "TaskWaits";

    /// <summary>
    /// How often a waiting request asks the SE grain again without being told. Signals reach only the requests of the
    /// silo the SE grain lives on; on a cluster the others learn of the change at their next fallback poll.
    /// </summary>
    public TimeSpan FallbackPoll { get; set; } = TimeSpan.FromSeconds(2);
}
