using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Tests.Storage;

/// <summary>
/// The group commit of the outbox and MO stores (docs/push-sms.md, "Batching"): callers that write at once share one
/// commit, each is answered only once its group has committed, and a group that fails fails its own callers only.
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task Writers_that_come_while_a_group_commits_share_the_next_commit_and_each_gets_its_own_result()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var groups = new List<int[]>();
        var commits = new GroupCommit<int, int>(async (items, _) =>
        {
            entered.TrySetResult();
            await release.Task;
            lock (groups)
                groups.Add([.. items]);
            return [.. items.Select(i => i * 10)];
        }, maxGroup: 64);

        var first = commits.WriteAsync(0);
        await entered.Task; // the first group is being written
        var rest = Enumerable.Range(1, 100).Select(i => commits.WriteAsync(i)).ToList();
        await Task.Delay(50);
        Assert.False(first.IsCompleted); // not answered before its commit
        release.SetResult();

        Assert.Equal(0, await first);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => i * 10), await Task.WhenAll(rest));
        Assert.Equal(Enumerable.Range(0, 101), groups.SelectMany(g => g).Order());
        Assert.All(groups, g => Assert.InRange(g.Length, 1, 64));
        Assert.Equal([1, 64, 36], groups.Select(g => g.Length)); // 1, then the 100 that queued meanwhile in groups of at most 64
    }

    [Fact]
    public async Task A_group_that_fails_fails_only_its_own_callers_and_the_next_group_commits()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var committed = new List<string>();
        var commits = new GroupCommit<string, bool>(async (items, _) =>
        {
            if (items[0] == "first")
            {
                entered.TrySetResult();
                await release.Task;
            }
            if (items.Contains("bad"))
                throw new InvalidOperationException("the database refused the group");
            lock (committed)
                committed.AddRange(items);
            return [.. items.Select(_ => true)];
        }, maxGroup: 16);

        var first = commits.WriteAsync("first");
        await entered.Task; // "first" is a group of its own, being written
        var bad = commits.WriteAsync("bad");
        var sameGroup = commits.WriteAsync("with-bad");
        release.SetResult();
        Assert.True(await first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        await Assert.ThrowsAsync<InvalidOperationException>(() => sameGroup);

        Assert.True(await commits.WriteAsync("after"));
        Assert.Equal(["first", "after"], committed);
    }

    [Fact]
    public async Task A_caller_that_stops_waiting_does_not_stop_the_group()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var committed = 0;
        var commits = new GroupCommit<int, bool>(async (items, _) =>
        {
            await release.Task;
            Interlocked.Add(ref committed, items.Count);
            return [.. items.Select(_ => true)];
        }, maxGroup: 8);
        using var cancel = new CancellationTokenSource();
        var waiting = commits.WriteAsync(1, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        release.SetResult();
        Assert.True(await commits.WriteAsync(2));
        Assert.Equal(2, Volatile.Read(ref committed)); // at least once: the item was written all the same
    }
}
