using System.Threading.Channels;

namespace Tsm.Gateway.Outbox;

/// <summary>
/// The one worker of the durable outboxes — wake-up pushes and SP callbacks (docs/architecture.md, "Shared infrastructure") —
/// sending each row at least once. A round claims the due rows of its store under a lease
/// (<see cref="OutboxOptions.Lease"/>), hands them to the sender delegate concurrently, and records each outcome as it
/// comes, in group commits (one transaction for the outcomes that came meanwhile): done; refused, given up at once; or failed, due again after <see cref="OutboxOptions.PauseAfter"/>
/// and given up after <see cref="OutboxOptions.MaxAttempts"/>. A row whose outcome is never recorded (the process died
/// mid-send) is in doubt: once its lease has run out a later round, here or on another silo, takes it again.
/// </summary>
/// <typeparam name="TItem">The outbox's row.</typeparam>
public sealed class OutboxWorker<TItem>(IOutboxStore<TItem> store, string name, TimeProvider time, ILogger logger)
    where TItem : IOutboxItem
{
    /// <summary>How long an idle worker waits for a wake-up before it looks for rows that became due (retries, rows in doubt).</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    /// <summary>The pause after a round that failed (the database unreachable, say); the rows stay in the outbox.</summary>
    public static readonly TimeSpan FailedRoundPause = TimeSpan.FromSeconds(1);

    private readonly Storage.GroupCommit<OutboxOutcome, bool> _outcomes = new(async (outcomes, cancellationToken) =>
    {
        await store.RecordAsync(outcomes, time.GetUtcNow(), cancellationToken);
        return [.. outcomes.Select(_ => true)];
    }, maxGroup: 4096);

    /// <summary>One round: claims due rows, sends them with <paramref name="send"/>, records the outcomes; returns how many rows were taken.</summary>
    public async Task<int> SendDueAsync(OutboxOptions options, Func<TItem, CancellationToken, Task<OutboxAttempt>> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(send);
        var now = time.GetUtcNow();
        var due = await store.TakeDueAsync(now, now + options.Lease, options.BatchSize, cancellationToken);
        if (due.Count == 0)
            return 0;
        // Each outcome is recorded as soon as its answer comes, in group commits with the others answered meanwhile:
        // a receipt that follows its answer at once then mostly finds its push recorded (rather than held for it).
        await Task.WhenAll(due.Select(async item => await _outcomes.WriteAsync(await SendAsync(item, options, send, cancellationToken), cancellationToken)));
        return due.Count;
    }

    /// <summary>
    /// Runs <paramref name="round"/> until stopped; after a round that took nothing, waits for <paramref name="wake"/>
    /// (signalled when a row is stored) or the <see cref="Tick"/>. A round that throws is logged and tried again.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task<int>> round, ChannelReader<bool> wake, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(wake);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await round(stoppingToken) == 0)
                    await WaitAsync(wake, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                OutboxLog.RoundFailed(logger, ex, name);
                OutboxTelemetry.RoundFailed(name);
                await Task.Delay(FailedRoundPause, time, stoppingToken);
            }
        }
    }

    private async Task<OutboxOutcome> SendAsync(TItem item, OutboxOptions options, Func<TItem, CancellationToken, Task<OutboxAttempt>> send, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var attempt = await send(item, cancellationToken);
        var states = store.States;
        switch (attempt.Verdict)
        {
            case OutboxVerdict.Done:
                OutboxTelemetry.Attempted(name, "done");
                return new OutboxOutcome(item.Key, states.Done, now, attempt.Detail, attempt.Reference, attempt.Scope);
            case OutboxVerdict.Retry when item.Attempts < options.MaxAttempts:
                OutboxTelemetry.Attempted(name, "retry");
                return new OutboxOutcome(item.Key, states.Pending, now + options.PauseAfter(item.Attempts), attempt.Detail);
            case OutboxVerdict.Retry:
                OutboxLog.GaveUp(logger, name, item.Key, item.Attempts, attempt.Detail);
                OutboxTelemetry.Attempted(name, "gave-up");
                return new OutboxOutcome(item.Key, states.Failed, now, $"gave up after {item.Attempts} attempts: {attempt.Detail}");
            default:
                OutboxTelemetry.Attempted(name, "failed");
                return new OutboxOutcome(item.Key, states.Failed, now, attempt.Detail);
        }
    }

    private async Task WaitAsync(ChannelReader<bool> wake, CancellationToken cancellationToken)
    {
        using var tick = new CancellationTokenSource(Tick, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, tick.Token);
        try
        {
            await wake.ReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the tick: look for rows that became due
        }
    }
}
