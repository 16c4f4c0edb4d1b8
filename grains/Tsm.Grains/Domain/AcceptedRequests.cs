namespace Tsm.Grains.Domain;

/// <summary>
/// The requests one SE accepted under idempotency keys, over the dictionary the SE grain persists: a key seen within
/// <see cref="Retention"/> names the task it started. The record is bounded (<see cref="Capacity"/> keys, the oldest
/// dropped first) so that a client sending a fresh key with every request cannot grow the SE's state.
/// </summary>
public sealed class AcceptedRequests(Dictionary<string, AcceptedRequest> requests)
{
    /// <summary>How long a key keeps naming its task: the gateway keeps the answers as long (docs/idempotency.md).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public const int Capacity = 64;

    /// <summary>The task accepted under <paramref name="key"/>, unless there is none or it is older than the retention.</summary>
    public string? TaskFor(string key, DateTimeOffset now) =>
        requests.TryGetValue(key, out var accepted) && now - accepted.AcceptedAt < Retention ? accepted.TaskId : null;

    /// <summary>Records that <paramref name="key"/> started <paramref name="taskId"/>, dropping expired keys and, past the capacity, the oldest.</summary>
    public void Remember(string key, string taskId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        foreach (var (old, accepted) in requests.ToList())
        {
            if (now - accepted.AcceptedAt >= Retention)
                requests.Remove(old);
        }
        requests[key] = new AcceptedRequest(taskId, now);
        while (requests.Count > Capacity)
            requests.Remove(requests.MinBy(r => r.Value.AcceptedAt).Key);
    }

    public int Count => requests.Count;
}
