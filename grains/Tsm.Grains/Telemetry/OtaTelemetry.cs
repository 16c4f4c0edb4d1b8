using System.Diagnostics;
using System.Diagnostics.Metrics;
using Tsm.Grains.Ota;

namespace Tsm.Grains.Telemetry;

/// <summary>
/// The OTA engine's meter and activity source (docs/operations.md, "Metrics"): plain System.Diagnostics, so the grains
/// need no OpenTelemetry package; the gateway subscribes to them by name. Static, because grains are created by
/// Orleans and a meter with a fixed name is one stream whichever silo object records into it.
/// </summary>
public static class OtaTelemetry
{
    /// <summary>The meter and the activity source name.</summary>
    public const string Name = "Tsm.Ota";

    private static readonly Meter s_meter = new(Name);

    /// <summary>Spans of the OTA engine (a task's step), children of the grain call that carries it.</summary>
    public static ActivitySource Source { get; } = new(Name);

    private static readonly Counter<long> s_started = s_meter.CreateCounter<long>(
        "tsm.ota.tasks.started", "{task}", "Tasks whose first secure-channel session was opened.");

    private static readonly Counter<long> s_finished = s_meter.CreateCounter<long>(
        "tsm.ota.tasks.finished", "{task}", "Tasks that ended, by kind, state (succeeded, failed, aborted) and failure class.");

    private static readonly Histogram<double> s_duration = s_meter.CreateHistogram<double>(
        "tsm.ota.task.duration", "s", "From acceptance to the end of a task.");

    private static readonly Histogram<long> s_roundTrips = s_meter.CreateHistogram<long>(
        "tsm.ota.task.round_trips", "{order}", "Orders (wallet round trips) a task needed.");

    private static readonly Counter<long> s_sessions = s_meter.CreateCounter<long>(
        "tsm.ota.sessions.opened", "{session}", "Secure-channel sessions opened with an SE (resumed: a task continued after an interruption).");

    private static readonly UpDownCounter<long> s_active = s_meter.CreateUpDownCounter<long>(
        "tsm.ota.sessions.active", "{session}", "Secure-channel sessions open in this silo's memory.");

    /// <summary>A session opened for a task; <paramref name="first"/> when it is the task's first (the task starts).</summary>
    public static void SessionOpened(OperationKind kind, bool first)
    {
        var kindTag = new KeyValuePair<string, object?>("tsm.task.kind", KindName(kind));
        if (first)
            s_started.Add(1, kindTag);
        s_sessions.Add(1, kindTag, new KeyValuePair<string, object?>("tsm.session.resumed", !first));
        s_active.Add(1);
    }

    /// <summary>An open session was closed (the task ended, or the grain was deactivated).</summary>
    public static void SessionClosed() => s_active.Add(-1);

    /// <summary>A task ended with <paramref name="outcome"/>.</summary>
    public static void TaskFinished(OperationKind kind, TaskOutcome outcome, bool agentError, TimeSpan duration, int roundTrips)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var tags = new TagList
        {
            { "tsm.task.kind", KindName(kind) },
            { "tsm.task.state", StateName(outcome.State) },
            { "tsm.task.failure", FailureClass(outcome, agentError) },
        };
        s_finished.Add(1, tags);
        if (duration >= TimeSpan.Zero)
            s_duration.Record(duration.TotalSeconds, tags);
        s_roundTrips.Record(roundTrips, tags);
    }

    /// <summary>
    /// Why a task did not succeed, in a few classes an operator can chart (the reason text is in the task and the log):
    /// <c>card</c> the SE answered an error status word; <c>agent</c> the wallet's local agent reported an error;
    /// <c>platform</c> the platform refused (catalogue, keys, plan); <c>aborted</c> cancelled or timed out; <c>none</c> succeeded.
    /// </summary>
    public static string FailureClass(TaskOutcome outcome, bool agentError)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.State switch
        {
            TaskState.Succeeded => "none",
            TaskState.Aborted => "aborted",
            _ when outcome.StatusWord is not null => "card",
            _ when agentError => "agent",
            _ => "platform",
        };
    }

    private static string StateName(TaskState state) => state switch
    {
        TaskState.Succeeded => "succeeded",
        TaskState.Failed => "failed",
        TaskState.Aborted => "aborted",
        TaskState.Running => "running",
        _ => "queued",
    };

    private static string KindName(OperationKind kind) => kind.ToString();
}
