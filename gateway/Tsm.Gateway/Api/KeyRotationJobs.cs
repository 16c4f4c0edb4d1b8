using System.Collections.Concurrent;
using Tsm.Gateway.Storage;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Api;

/// <summary>What a batch key rotation job has done so far (GET /admin/v1/key-rotations/{jobId}).</summary>
public sealed record KeyRotationView(
    string Id, string BatchId, int TargetKeyVersion, string State, int Scanned, int Queued, int UpToDate, int Refused,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error);

/// <summary>
/// Batch ISD key rotations (seed 5.8.9.3) running in the background: each pages through the batch's registered SEs
/// (the SE bindings, SEID order) and queues the ISD key update on each SE not yet on the newest version. Cards keep
/// working on either version meanwhile. Jobs live in memory: after a restart, starting the rotation again is harmless
/// (SEs already updated or with the update queued are counted, not queued twice).
/// </summary>
public sealed partial class KeyRotationJobs(SeDirectory directory, IGrainFactory grains, IHostApplicationLifetime lifetime, TimeProvider time,
    ILogger<KeyRotationJobs> logger)
{
    private const int Page = 500;
    private readonly ConcurrentDictionary<string, KeyRotationJob> _jobs = new(StringComparer.Ordinal);

    public KeyRotationJob Start(SeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var job = new KeyRotationJob(Guid.NewGuid().ToString("N"), batch.Id, batch.TargetKeyVersion, time.GetUtcNow());
        _jobs[job.Id] = job;
        _ = Task.Run(() => RunAsync(job, batch, lifetime.ApplicationStopping));
        return job;
    }

    public KeyRotationJob? Find(string id) => _jobs.GetValueOrDefault(id);

    private async Task RunAsync(KeyRotationJob job, SeBatch batch, CancellationToken stopping)
    {
        try
        {
            string? after = null;
            while (!stopping.IsCancellationRequested)
            {
                var page = await directory.SeIdsInRangeAsync(batch.SeIdFrom, batch.SeIdTo, after, Page, stopping);
                foreach (var seId in page)
                    job.Count(await QueueAsync(seId, batch.IsdAid));
                if (page.Count < Page)
                    break;
                after = page[^1];
            }
            job.Finish(stopping.IsCancellationRequested ? "stopped" : "done", time.GetUtcNow(), null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            RotationFailed(logger, job.Id, job.BatchId, ex);
            job.Finish("failed", time.GetUtcNow(), ex.GetType().Name);
        }
    }

    private async Task<KeyRotationOutcome> QueueAsync(string seId, string isdAid)
    {
        try
        {
            await grains.GetGrain<ISeGrain>(seId).Submit(OperationRequest.FromPlatform(new UpdateSecurityDomainKeysOperation(isdAid)));
            return KeyRotationOutcome.Queued;
        }
        catch (RefusedException ex) when (ex.Code is RefusalCode.KeysUpToDate or RefusalCode.KeyUpdateQueued)
        {
            return KeyRotationOutcome.UpToDate;
        }
        catch (RefusedException)
        {
            return KeyRotationOutcome.Refused;
        }
    }

    [LoggerMessage(EventId = 50, Level = LogLevel.Error, Message = "Key rotation {JobId} of batch {BatchId} failed")]
    private static partial void RotationFailed(ILogger logger, string jobId, string batchId, Exception exception);
}

public enum KeyRotationOutcome
{
    Queued,
    UpToDate,
    Refused,
}

/// <summary>One running or finished rotation; counters are updated by its job and read by the API.</summary>
public sealed class KeyRotationJob(string id, string batchId, int targetKeyVersion, DateTimeOffset startedAt)
{
    private readonly Lock _gate = new();
    private int _scanned;
    private int _queued;
    private int _upToDate;
    private int _refused;
    private string _state = "running";
    private DateTimeOffset? _finishedAt;
    private string? _error;

    public string Id { get; } = id;

    public string BatchId { get; } = batchId;

    public void Count(KeyRotationOutcome outcome)
    {
        lock (_gate)
        {
            _scanned++;
            switch (outcome)
            {
                case KeyRotationOutcome.Queued:
                    _queued++;
                    break;
                case KeyRotationOutcome.UpToDate:
                    _upToDate++;
                    break;
                default:
                    _refused++;
                    break;
            }
        }
    }

    public void Finish(string state, DateTimeOffset at, string? error)
    {
        lock (_gate)
        {
            _state = state;
            _finishedAt = at;
            _error = error;
        }
    }

    public KeyRotationView View()
    {
        lock (_gate)
            return new KeyRotationView(Id, BatchId, targetKeyVersion, _state, _scanned, _queued, _upToDate, _refused, startedAt, _finishedAt, _error);
    }
}
