using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tsm.Grains.Catalogue;

namespace Tsm.Grains.Ota;

/// <summary>
/// A batch ISD key rotation (requirement 5.8.9.3) as a durable job. A grain timer takes one page of the batch's
/// registered SEs at a time (SEID order, after the cursor), queues the ISD key update on each, then writes the
/// counters and the cursor together. A reminder re-arms the timer when the job's activation is gone (a restart, a
/// lost silo), so the job goes on from its cursor. A page cut short by a crash is done again: its SEs then answer
/// that the update is queued already and count as up to date, so no SE is counted or queued twice.
/// </summary>
public sealed class KeyRotationJobGrain(
    [PersistentState("key-rotation", GrainStorage.Name)] IPersistentState<KeyRotationJobGrainState> state,
    ICatalogue catalogue,
    ISeDirectory directory,
    IOptionsMonitor<KeyRotationOptions> options,
    [FromKeyedServices(DomainClock.Key)] TimeProvider time,
    ILogger<KeyRotationJobGrain> logger) : Grain, IKeyRotationJobGrain, IRemindable
{
    private const string ReminderName = "key-rotation";

    private IGrainTimer? _timer;

    private string JobId => this.GetPrimaryKeyString();

    private bool Running => state.State.Progress?.State == KeyRotationState.Running;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Running)
            Arm();
        return Task.CompletedTask;
    }

    public async Task<KeyRotationProgress> Start(string batchId)
    {
        if (state.State.Progress is { } started)
            return started;
        var batch = catalogue.FindBatchById(batchId)
            ?? throw new RefusedException(RefusalCode.UnknownBatch, $"SE batch {batchId} is not in the catalogue.");
        // The reminder first: should the silo die before the state is written, its first tick finds no job and goes.
        await this.RegisterOrUpdateReminder(ReminderName, options.CurrentValue.ReminderPeriod, options.CurrentValue.ReminderPeriod);
        var progress = new KeyRotationProgress(JobId, batch.Id, batch.TargetKeyVersion, KeyRotationState.Running, 0, 0, 0, 0, time.GetUtcNow(), null, null);
        state.State.Progress = progress;
        await state.WriteStateAsync();
        KeyRotationLog.Started(logger, JobId, batch.Id, batch.TargetKeyVersion);
        Arm();
        return progress;
    }

    public Task<KeyRotationProgress?> Progress() => Task.FromResult(state.State.Progress);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (Running)
        {
            Arm();
            return;
        }
        if (await this.GetReminder(reminderName) is { } reminder)
            await this.UnregisterReminder(reminder);
    }

    private void Arm() =>
        _timer ??= this.RegisterGrainTimer(StepAsync, new GrainTimerCreationOptions(TimeSpan.Zero, options.CurrentValue.PagePause) { KeepAlive = true });

    /// <summary>One page: the SEs after the cursor, each asked for its update; then the counters and the cursor are written.</summary>
    private async Task StepAsync(CancellationToken cancellationToken)
    {
        if (state.State.Progress is not { State: KeyRotationState.Running } progress)
        {
            Disarm();
            return;
        }
        if (catalogue.FindBatchById(progress.BatchId) is not { } batch)
        {
            await FinishAsync(progress with { State = KeyRotationState.Failed, Error = "the SE batch is no longer in the catalogue" });
            return;
        }
        var size = options.CurrentValue.PageSize;
        IReadOnlyList<RefusalCode?> outcomes;
        IReadOnlyList<string> page;
        try
        {
            page = await directory.SeIdsInRangeAsync(batch.SeIdFrom, batch.SeIdTo, state.State.Cursor, size, cancellationToken);
            outcomes = await Task.WhenAll(page.Select(seId => QueueAsync(seId, batch.IsdAid)));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Nothing of the page is written: the next tick does it again.
            KeyRotationLog.StepFailed(logger, ex, JobId);
            return;
        }
        progress = Counted(progress, outcomes);
        if (page.Count > 0)
            state.State.Cursor = page[^1];
        if (page.Count < size)
        {
            await FinishAsync(progress with { State = KeyRotationState.Done });
            return;
        }
        state.State.Progress = progress;
        await state.WriteStateAsync();
    }

    /// <summary>Queues the ISD key update on one SE: null when queued, else the domain's refusal.</summary>
    private async Task<RefusalCode?> QueueAsync(string seId, string isdAid)
    {
        try
        {
            await GrainFactory.GetGrain<ISeGrain>(seId).Submit(OperationRequest.FromPlatform(new UpdateSecurityDomainKeysOperation(isdAid)));
            return null;
        }
        catch (RefusedException ex)
        {
            return ex.Code;
        }
    }

    /// <summary>
    /// The counters after a page: queued, or up to date when the SE refused because it holds the newest version or has
    /// the update queued already, or refused for any other reason.
    /// </summary>
    private static KeyRotationProgress Counted(KeyRotationProgress progress, IReadOnlyList<RefusalCode?> outcomes) => progress with
    {
        Scanned = progress.Scanned + outcomes.Count,
        Queued = progress.Queued + outcomes.Count(o => o is null),
        UpToDate = progress.UpToDate + outcomes.Count(o => o is RefusalCode.KeysUpToDate or RefusalCode.KeyUpdateQueued),
        Refused = progress.Refused + outcomes.Count(o => o is not (null or RefusalCode.KeysUpToDate or RefusalCode.KeyUpdateQueued)),
    };

    private async Task FinishAsync(KeyRotationProgress progress)
    {
        progress = progress with { FinishedAt = time.GetUtcNow() };
        state.State.Progress = progress;
        await state.WriteStateAsync();
        Disarm();
        KeyRotationLog.Finished(logger, JobId, progress.State, progress.Scanned, progress.Queued, progress.UpToDate, progress.Refused);
        if (await this.GetReminder(ReminderName) is { } reminder)
            await this.UnregisterReminder(reminder);
    }

    private void Disarm()
    {
        _timer?.Dispose();
        _timer = null;
    }
}
