using Tsm.Grains.Ota;
using Tsm.Grains.Ota.Transcripts;

namespace Tsm.Grains.Tests.Transcripts;

/// <summary>Which transcripts are kept (docs/ota.md, "Transcripts"): all failures, a sample of successes chosen by task id.</summary>
public sealed class TranscriptRetentionTests
{
    [Theory]
    [InlineData(TaskState.Failed)]
    [InlineData(TaskState.Aborted)]
    public void Failed_and_aborted_tasks_keep_their_transcript_whatever_the_rate(TaskState state)
    {
        Assert.All(Enumerable.Range(0, 100), _ => Assert.True(TranscriptRetention.Keeps(state, Guid.NewGuid(), 0)));
    }

    [Fact]
    public void Unfinished_tasks_are_not_stored()
    {
        Assert.False(TranscriptRetention.Keeps(TaskState.Running, Guid.NewGuid(), 1));
        Assert.False(TranscriptRetention.Keeps(TaskState.Queued, Guid.NewGuid(), 1));
    }

    [Fact]
    public void Rates_of_zero_and_one_keep_no_success_and_every_success()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => Guid.NewGuid()).ToList();
        Assert.DoesNotContain(ids, id => TranscriptRetention.Keeps(TaskState.Succeeded, id, 0));
        Assert.All(ids, id => Assert.True(TranscriptRetention.Keeps(TaskState.Succeeded, id, 1)));
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.25)]
    public void The_sample_keeps_about_the_rate_and_always_decides_alike_for_a_task(double rate)
    {
        var ids = Enumerable.Range(0, 100_000).Select(_ => Guid.NewGuid()).ToList();
        var kept = ids.Where(id => TranscriptRetention.Keeps(TaskState.Succeeded, id, rate)).ToList();
        // 100,000 draws: the share is within ±0.3 points of the rate (over 5 standard deviations at 1 %).
        Assert.InRange(kept.Count / 100_000.0, rate - 0.003 - rate * 0.02, rate + 0.003 + rate * 0.02);
        Assert.All(kept.Take(100), id => Assert.True(TranscriptRetention.Keeps(TaskState.Succeeded, id, rate)));
    }
}
