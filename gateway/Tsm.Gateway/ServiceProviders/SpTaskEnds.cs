using System.Text.Json;
using System.Threading.Channels;
using Tsm.Gateway.Management.Providers;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.ServiceProviders;

/// <summary>
/// Hears provider tasks end (called by the SE grain once the end is recorded) and writes the callback outbox row when
/// the asking platform has a callback URL. Requests waiting for a task are woken by <see cref="Ota.TaskQueueSignals"/>.
/// </summary>
public sealed partial class SpTaskEnds(SpCallbackStore store, PlatformStore platforms, TimeProvider time, ILogger<SpTaskEnds> logger) : ITaskEndListener
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Signalled when a callback is stored, so the sender does not wait for its next tick.</summary>
    public ChannelReader<bool> Wake => _wake.Reader;

    public async Task TaskEndedAsync(TaskEnded ended)
    {
        ArgumentNullException.ThrowIfNull(ended);
        if (ended.Handover is { } handover)
            await HandOverAsync(ended, handover);
        if (ended.Provider is not { } origin)
            return;
        var taskId = ended.Task.Id.ToString();
        var platform = origin.Platform;
        if ((await platforms.SnapshotAsync()).Find(platform) is not { CallbackUrl.Length: > 0 })
            return;
        var status = SpMapping.Status(ended.Task.SeId, origin.ServiceProvider, ended.Task with { Responses = null, SecurityDomainAid = null });
        await StoreAsync(new SpTaskEvent { EventId = taskId, Platform = platform, EndedAt = time.GetUtcNow(), Task = status });
    }

    /// <summary>
    /// Requirement 5.8.3.1: a download created a third party's SD with its initial keys. Every platform of the SD's owner
    /// that may update its SD keys and has a callback URL is told (one event each, id <c>{taskId}/keys/{platform}</c>),
    /// whoever asked for the download (the wallet, the business hall, an operator or the platform itself).
    /// </summary>
    private async Task HandOverAsync(TaskEnded ended, SecurityDomainHandover handover)
    {
        var snapshot = await platforms.SnapshotAsync();
        foreach (var platform in snapshot.All)
        {
            if (platform.CallbackUrl is not { Length: > 0 } || !platform.Grants.TryGetValue(handover.Owner, out var granted)
                || !granted.Contains(SpCapabilities.UpdateSecurityDomainKeys, StringComparer.Ordinal))
                continue;
            var status = SpMapping.Status(ended.Task.SeId, handover.Owner, ended.Task with { Responses = null });
            await StoreAsync(new SpTaskEvent
            {
                EventId = $"{ended.Task.Id}/keys/{platform.Id}",
                Platform = platform.Id,
                EndedAt = time.GetUtcNow(),
                Task = status,
                SecurityDomainKeysNeeded = new SpKeysNeeded { SecurityDomainAid = handover.SecurityDomainAid, InitialKeyVersion = handover.InitialKeyVersion },
            });
        }
    }

    private async Task StoreAsync(SpTaskEvent callback)
    {
        var body = JsonSerializer.Serialize(callback, SpJsonContext.Default.SpTaskEvent);
        try
        {
            await store.AddAsync(callback.EventId, callback.Platform, body, time.GetUtcNow());
            _wake.Writer.TryWrite(true);
        }
        catch (Exception ex)
        {
            // The task's end is recorded already; failing here would fail the wallet's report for nothing. The platform
            // still finds the outcome by polling.
            CallbackNotStored(logger, ex, callback.EventId, callback.Platform);
        }
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Error, Message = "The callback of task {TaskId} for platform {Platform} could not be stored")]
    private static partial void CallbackNotStored(ILogger logger, Exception exception, string taskId, string platform);
}

/// <summary>The engine's tasks and application states in the API's words.</summary>
public static class SpMapping
{
    public static SpTaskStatus Status(string seId, string serviceProvider, TaskView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new SpTaskStatus
        {
            TaskId = view.Id.ToString(),
            SeId = seId,
            ServiceProvider = serviceProvider,
            Operation = view.Kind.Name(),
            ApplicationAid = view.ApplicationAid,
            SecurityDomainAid = view.SecurityDomainAid,
            Responses = view.Responses,
            State = view.State.ToString().ToLowerInvariant(),
            Failure = view.State is TaskState.Failed or TaskState.Aborted ? new SpTaskFailure { Reason = view.Reason ?? "", StatusWord = view.StatusWord } : null,
        };
    }

    public static bool IsFinal(TaskState state) => state is TaskState.Succeeded or TaskState.Failed or TaskState.Aborted;

    public static string Name(ApplicationState state) => state.ToString().ToLowerInvariant();
}
