using Tsm.Grains.Ota;

namespace Tsm.Grains.Domain;

/// <summary>
/// The tasks of one SE, waiting or running, over the list the SE grain persists (requirement 5.8.8): one live task,
/// the first; the others wait behind it in order. A new request replaces a waiting one of its own channel, except the
/// platform's (and a provider's, whose requests are separate orders).
/// </summary>
public sealed class TaskQueue(List<QueuedTask> tasks)
{
    /// <summary>The running task (or the next to run), if any.</summary>
    public QueuedTask? Live => tasks.Count > 0 ? tasks[0] : null;

    /// <summary>Every task, the live one first.</summary>
    public IReadOnlyList<QueuedTask> All => tasks;

    public int Count => tasks.Count;

    public QueuedTask? Find(TaskId id) => tasks.Find(t => t.Spec.Id.Value == id.Value);

    public bool IsLive(QueuedTask task) => Live is { } live && live == task;

    public void Enqueue(QueuedTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        tasks.Add(task);
    }

    /// <summary>Takes a task out (it ended, or a newer request replaced it); the next one becomes live.</summary>
    public bool Remove(QueuedTask task) => tasks.Remove(task);

    /// <summary>
    /// The waiting tasks a new request from <paramref name="channel"/> replaces: those of the same channel that have
    /// not started. The platform's tasks and providers' are never replaced.
    /// </summary>
    public IReadOnlyList<QueuedTask> ReplacedBy(TaskChannel channel) =>
        channel is TaskChannel.Platform or TaskChannel.Provider ? [] : [.. tasks.Skip(1).Where(t => t.Spec.Channel == channel)];

    /// <summary>Whether a task of one of <paramref name="kinds"/> is waiting or running on the SD <paramref name="securityDomainAid"/>.</summary>
    public bool HasPendingFor(string securityDomainAid, params OperationKind[] kinds) =>
        tasks.Any(t => string.Equals(t.Spec.SecurityDomainAid, securityDomainAid, StringComparison.OrdinalIgnoreCase) && kinds.Contains(t.Spec.Kind));
}
