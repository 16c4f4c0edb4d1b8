using Tsm.Grains.Domain;

namespace Tsm.Grains.Tests.Domain;

/// <summary>The requests an SE accepted under idempotency keys (docs/idempotency.md): one task per key, for a bounded time and number.</summary>
public sealed class AcceptedRequestsTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_key_names_its_task_until_the_retention_ends()
    {
        var requests = new AcceptedRequests(new Dictionary<string, AcceptedRequest>(StringComparer.Ordinal));
        requests.Remember("K1", "task-1", Start);
        Assert.Equal("task-1", requests.TaskFor("K1", Start + TimeSpan.FromHours(23)));
        Assert.Null(requests.TaskFor("K2", Start));
        Assert.Null(requests.TaskFor("K1", Start + AcceptedRequests.Retention));
    }

    [Fact]
    public void Expired_keys_are_dropped_and_past_the_capacity_the_oldest_goes_first()
    {
        var store = new Dictionary<string, AcceptedRequest>(StringComparer.Ordinal);
        var requests = new AcceptedRequests(store);
        requests.Remember("old", "task-old", Start);
        requests.Remember("fresh", "task-fresh", Start + AcceptedRequests.Retention);
        Assert.False(store.ContainsKey("old"));
        for (var i = 0; i < AcceptedRequests.Capacity + 5; i++)
            requests.Remember($"K{i}", $"task-{i}", Start + AcceptedRequests.Retention + TimeSpan.FromSeconds(i + 1));
        Assert.Equal(AcceptedRequests.Capacity, requests.Count);
        Assert.Null(requests.TaskFor("fresh", Start + AcceptedRequests.Retention + TimeSpan.FromMinutes(5)));
        Assert.Null(requests.TaskFor("K4", Start + AcceptedRequests.Retention + TimeSpan.FromMinutes(5)));
        Assert.Equal("task-5", requests.TaskFor("K5", Start + AcceptedRequests.Retention + TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Remembering_a_key_again_keeps_one_entry()
    {
        var requests = new AcceptedRequests(new Dictionary<string, AcceptedRequest>(StringComparer.Ordinal));
        requests.Remember("K", "task-1", Start);
        requests.Remember("K", "task-2", Start + TimeSpan.FromMinutes(1));
        Assert.Equal(1, requests.Count);
        Assert.Equal("task-2", requests.TaskFor("K", Start + TimeSpan.FromMinutes(2)));
    }
}
