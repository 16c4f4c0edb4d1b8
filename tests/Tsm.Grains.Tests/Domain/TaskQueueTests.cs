using Tsm.Grains.Domain;
using Tsm.Grains.Ota;

namespace Tsm.Grains.Tests.Domain;

/// <summary>The task queue of one SE (docs/requirements.md 5.8.8): one live task, the others waiting. No silo, no HTTP.</summary>
public sealed class TaskQueueTests
{
    private const string App = "A0000003330101";

    private readonly TaskQueue _queue = new([]);

    private QueuedTask Enqueue(OperationKind kind, TaskChannel channel, string? aid = App, string? sd = null)
    {
        var task = new QueuedTask(TestTasks.Of(kind, kind == OperationKind.Sync ? null : aid, sd) with { Channel = channel }, false, []);
        _queue.Enqueue(task);
        return task;
    }

    [Fact]
    public void The_first_task_is_live_and_the_next_one_becomes_live_when_it_ends()
    {
        Assert.Null(_queue.Live);
        var first = Enqueue(OperationKind.Download, TaskChannel.Wallet);
        var second = Enqueue(OperationKind.Sync, TaskChannel.BusinessHall);
        Assert.Equal((first, true, false), (_queue.Live, _queue.IsLive(first), _queue.IsLive(second)));
        Assert.True(_queue.Remove(first));
        Assert.Equal(second, _queue.Live);
        Assert.False(_queue.Remove(first));
    }

    [Fact]
    public void A_task_is_found_by_its_id_and_only_its_own()
    {
        var task = Enqueue(OperationKind.Download, TaskChannel.Wallet);
        Assert.Equal(task, _queue.Find(task.Spec.Id));
        Assert.True(TaskId.TryParse(task.Spec.Id.ToString().ToLowerInvariant(), out var read));
        Assert.Equal(task, _queue.Find(read));
        Assert.Null(_queue.Find(TaskId.New(TestTasks.SeId)));
    }

    [Fact]
    public void A_new_wallet_request_replaces_a_waiting_one_of_its_channel_but_not_the_live_one()
    {
        var live = Enqueue(OperationKind.Download, TaskChannel.Wallet);
        var waiting = Enqueue(OperationKind.Lock, TaskChannel.Wallet);
        var hall = Enqueue(OperationKind.Sync, TaskChannel.BusinessHall);
        var platform = Enqueue(OperationKind.Lock, TaskChannel.Platform);
        Assert.Equal([waiting], _queue.ReplacedBy(TaskChannel.Wallet));
        Assert.Equal([hall], _queue.ReplacedBy(TaskChannel.BusinessHall));
        Assert.DoesNotContain(live, _queue.ReplacedBy(TaskChannel.Wallet));
        Assert.Equal(4, _queue.Count);
        Assert.DoesNotContain(platform, _queue.ReplacedBy(TaskChannel.Platform));
    }

    [Fact]
    public void The_platforms_and_providers_requests_replace_nothing()
    {
        Enqueue(OperationKind.Download, TaskChannel.Platform);
        Enqueue(OperationKind.Lock, TaskChannel.Platform);
        Enqueue(OperationKind.Delete, TaskChannel.Provider);
        Enqueue(OperationKind.Delete, TaskChannel.Provider);
        Assert.Empty(_queue.ReplacedBy(TaskChannel.Platform));
        Assert.Empty(_queue.ReplacedBy(TaskChannel.Provider));
    }

    [Fact]
    public void A_task_on_an_sd_is_seen_by_kind_whatever_the_aids_case()
    {
        Enqueue(OperationKind.CreateSecurityDomain, TaskChannel.Provider, sd: "A000000151000001");
        Assert.True(_queue.HasPendingFor("a000000151000001", OperationKind.CreateSecurityDomain, OperationKind.DeleteSecurityDomain));
        Assert.False(_queue.HasPendingFor("A000000151000001", OperationKind.UpdateSecurityDomainKeys));
        Assert.False(_queue.HasPendingFor("A000000151000002", OperationKind.CreateSecurityDomain));
    }
}
