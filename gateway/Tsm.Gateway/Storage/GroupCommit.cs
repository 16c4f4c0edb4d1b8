using System.Collections.Concurrent;

namespace Tsm.Gateway.Storage;

/// <summary>
/// Group commit (docs/push-sms.md, "Batching"): rows written by many callers at once are written together, one
/// transaction per group, and each caller's task completes only once its group has committed, so an acknowledged row
/// is durable. While one group commits, the next gathers: the busier the store, the larger the groups, without a timer
/// that would slow a lone caller. A group that fails fails its own callers only; the next group is tried afresh.
/// There is no background service: the caller that finds no writer running becomes the writer until the queue is
/// empty.
/// </summary>
/// <typeparam name="TItem">What a caller writes.</typeparam>
/// <typeparam name="TResult">What each caller gets back (e.g. whether its row was new).</typeparam>
/// <param name="write">Writes one group in one transaction and returns one result per item, in order.</param>
/// <param name="maxGroup">The most items one transaction takes.</param>
public sealed class GroupCommit<TItem, TResult>(Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> write, int maxGroup)
{
    private readonly ConcurrentQueue<(TItem Item, TaskCompletionSource<TResult> Done)> _queue = new();
    private int _writing;
    private long _groups;

    /// <summary>Groups committed so far (for tests and figures).</summary>
    public long Groups => Interlocked.Read(ref _groups);

    /// <summary>
    /// Queues <paramref name="item"/> and completes once its group has committed (its result), or with the group's
    /// error. Cancelling stops the wait, not the write: the item may still be committed (at least once).
    /// </summary>
    public Task<TResult> WriteAsync(TItem item, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Enqueue((item, done));
        if (Interlocked.CompareExchange(ref _writing, 1, 0) == 0)
            _ = Task.Run(DrainAsync, CancellationToken.None);
        return done.Task.WaitAsync(cancellationToken);
    }

    private async Task DrainAsync()
    {
        var group = new List<(TItem Item, TaskCompletionSource<TResult> Done)>();
        while (true)
        {
            while (group.Count < maxGroup && _queue.TryDequeue(out var next))
                group.Add(next);
            if (group.Count == 0)
            {
                Volatile.Write(ref _writing, 0);
                // An item queued after the last look and before the flag was cleared found a writer: take it on.
                if (_queue.IsEmpty || Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
                    return;
                continue;
            }
            try
            {
                var results = await write([.. group.Select(g => g.Item)], CancellationToken.None).ConfigureAwait(false);
                if (results.Count != group.Count)
                    throw new InvalidOperationException($"A group of {group.Count} items gave {results.Count} results.");
                Interlocked.Increment(ref _groups);
                for (var i = 0; i < group.Count; i++)
                    group[i].Done.TrySetResult(results[i]);
            }
            catch (Exception ex)
            {
                foreach (var g in group)
                    g.Done.TrySetException(ex);
            }
            group.Clear();
        }
    }
}
