using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tsm.Gateway.Ota;
using Tsm.Gateway.Storage;
using Tsm.Grains.Ota;
using Tsm.Grains.Ota.Transcripts;

namespace Tsm.Gateway.Tests.Storage;

public sealed class TranscriptStoreTests : TranscriptStoreCases
{
    protected override SqlDialect Dialect => SqlDialect.Sqlite;
}

public sealed class PostgresTranscriptStoreTests : TranscriptStoreCases
{
    protected override SqlDialect Dialect => SqlDialect.PostgreSql;
}

/// <summary>The TaskTranscripts table and its purge (docs/ota.md, "Transcripts"), the same cases on both profiles.</summary>
public abstract class TranscriptStoreCases : PlatformDatabaseCases
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static StoredTranscript Transcript(DateTimeOffset at, TaskState state = TaskState.Failed, byte fill = 1) =>
        new(Guid.NewGuid(), "86000000000000000001", state, at, Enumerable.Repeat(fill, 40).ToArray());

    [SkippableFact]
    public async Task A_transcript_is_stored_apart_and_read_back_as_written()
    {
        var store = new TranscriptStore(Database);
        var written = Transcript(T0);
        await store.StoreAsync(written);
        var read = await store.FindAsync(written.TaskId);
        Assert.NotNull(read);
        Assert.Equal(written.SeId, read.SeId);
        Assert.Equal(TaskState.Failed, read.State);
        Assert.Equal(T0, read.At);
        Assert.Equal(written.Body.ToArray(), read.Body.ToArray());
        Assert.Null(await store.FindAsync(Guid.NewGuid()));
    }

    [SkippableFact]
    public async Task The_same_task_stored_again_replaces_its_transcript()
    {
        var store = new TranscriptStore(Database);
        var first = Transcript(T0);
        await store.StoreAsync(first);
        await store.StoreAsync(first with { Body = new byte[] { 9, 9 } });
        Assert.Equal(new byte[] { 9, 9 }, (await store.FindAsync(first.TaskId))!.Body.ToArray());
        Assert.Equal(1, (await store.SizeAsync()).Count);
    }

    [SkippableFact]
    public async Task Many_tasks_ending_at_once_are_written_in_few_commits()
    {
        var store = new TranscriptStore(Database);
        var all = Enumerable.Range(0, 300).Select(i => Transcript(T0.AddSeconds(i))).ToList();
        await Task.WhenAll(all.Select(t => store.StoreAsync(t)));
        Assert.Equal((300, 300 * 40), await store.SizeAsync());
        Assert.NotNull(await store.FindAsync(all[^1].TaskId));
    }

    [SkippableFact]
    public async Task The_purge_runs_on_the_clock_and_deletes_only_transcripts_past_retention()
    {
        var store = new TranscriptStore(Database);
        var clock = new FakeTimeProvider(T0);
        var old = Transcript(T0 - TimeSpan.FromDays(31));
        var recent = Transcript(T0 - TimeSpan.FromDays(29));
        await store.StoreAsync(old);
        await store.StoreAsync(recent);
        var options = new TranscriptOptions { RetentionDays = 30, PurgeInterval = TimeSpan.FromHours(1) };
        using var purge = new TranscriptPurge(store, new StaticOptions(options), clock, NullLogger<TranscriptPurge>.Instance);
        await purge.StartAsync(CancellationToken.None);
        try
        {
            // Nothing happens until the interval has passed on the clock.
            clock.Advance(TimeSpan.FromMinutes(59));
            Assert.Equal(0, purge.Runs);
            clock.Advance(TimeSpan.FromMinutes(1));
            await WaitForRunsAsync(purge, 1);
            Assert.Null(await store.FindAsync(old.TaskId));
            Assert.NotNull(await store.FindAsync(recent.TaskId));

            // A day later on the clock, the recent one is past retention too.
            clock.Advance(TimeSpan.FromDays(1));
            await WaitForRunsAsync(purge, 2);
            Assert.Null(await store.FindAsync(recent.TaskId));
        }
        finally
        {
            await purge.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The purge runs on a pool thread after the tick; this waits for it to finish (not for a timer).</summary>
    private static async Task WaitForRunsAsync(TranscriptPurge purge, long runs)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (purge.Runs < runs)
            await Task.Delay(10, deadline.Token);
    }

    [Theory]
    [InlineData(-0.1, 30, 60)]
    [InlineData(1.5, 30, 60)]
    [InlineData(double.NaN, 30, 60)]
    [InlineData(0.01, 0, 60)]
    [InlineData(0.01, 30, 0)]
    public void Unsound_settings_are_refused_at_start(double rate, int days, int intervalMinutes)
    {
        var options = new TranscriptOptions { SuccessSampleRate = rate, RetentionDays = days, PurgeInterval = TimeSpan.FromMinutes(intervalMinutes) };
        var result = new TranscriptOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains("Transcripts:", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_settings_are_sound()
    {
        Assert.True(new TranscriptOptionsValidator().Validate(null, new TranscriptOptions()).Succeeded);
    }

    private sealed class StaticOptions(TranscriptOptions value) : IOptionsMonitor<TranscriptOptions>
    {
        public TranscriptOptions CurrentValue => value;

        public TranscriptOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<TranscriptOptions, string?> listener) => null;
    }
}
