using Microsoft.Extensions.Options;
using Tsm.Grains;
using Tsm.Grains.Ota.Transcripts;

namespace Tsm.Gateway.Storage;

/// <summary>
/// Deletes transcripts older than <c>Transcripts:RetentionDays</c> every <c>Transcripts:PurgeInterval</c>, on the
/// domain's clock (docs/ota.md, "Transcripts"), which stamps the transcripts; tests advance a fake one. On a cluster
/// every silo runs it: the deletes are idempotent.
/// </summary>
public sealed class TranscriptPurge(
    TranscriptStore store,
    IOptionsMonitor<TranscriptOptions> options,
    [FromKeyedServices(DomainClock.Key)] TimeProvider time,
    ILogger<TranscriptPurge> logger) : BackgroundService
{
    private long _runs;

    /// <summary>Purges run so far (for tests).</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>One purge at the clock's time now; the number of transcripts deleted.</summary>
    public async Task<int> PurgeOnceAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(options.CurrentValue.RetentionDays);
        var deleted = await store.PurgeAsync(cutoff, cancellationToken);
        if (deleted > 0)
            TranscriptLog.Purged(logger, deleted, cutoff);
        Interlocked.Increment(ref _runs);
        return deleted;
    }

    private PeriodicTimer? _timer;

    /// <summary>The timer starts with the service, not when <see cref="ExecuteAsync"/> gets a thread: the first purge is one interval after the start.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new PeriodicTimer(options.CurrentValue.PurgeInterval, time);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = _timer ?? throw new InvalidOperationException("The purge was not started.");
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await PurgeOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The next tick tries again; transcripts are only kept a little longer.
                    TranscriptLog.PurgeFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

internal static partial class TranscriptLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Purged {Count} transcripts stored before {Cutoff}")]
    public static partial void Purged(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Purging transcripts failed; the next purge tries again")]
    public static partial void PurgeFailed(ILogger logger, Exception exception);
}
