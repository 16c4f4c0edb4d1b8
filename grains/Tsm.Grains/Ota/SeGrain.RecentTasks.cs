namespace Tsm.Grains.Ota;

/// <summary>
/// The SE's last few ended tasks, in memory only: a wallet asks for its task's end right after it (and a provider
/// after its callback), and the task grain, released with its end, need not be activated again to answer.
/// </summary>
public sealed partial class SeGrain
{
    private const int RecentTaskCount = 4;

    private readonly List<RecentTask> _recentlyEnded = [];

    private void RememberEnded(TaskSpec spec, TaskOutcome outcome)
    {
        _recentlyEnded.Add(new RecentTask(spec.EndedView(outcome), spec.ServiceProvider));
        if (_recentlyEnded.Count > RecentTaskCount)
            _recentlyEnded.RemoveAt(0);
    }

    private RecentTask? RecentlyEnded(TaskId id) => _recentlyEnded.FindLast(e => e.View.Id == id);

    private sealed record RecentTask(TaskView View, string? Provider);
}
