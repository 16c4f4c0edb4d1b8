namespace Tsm.Grains.Ota;

/// <summary>
/// A task's end as an operation record (docs/ota.md, "Operation records"), under the task's id: the task grain writes
/// it when the task ends — it is the task's durable end, there is no second copy in grain state — and the SE grain
/// replaces its detail when it knows more (a sync's differences).
/// </summary>
public static class TaskEndRecord
{
    public static Task WriteAsync(IOperationLog log, TaskSpec spec, TaskOutcome outcome, string? detail = null, bool replace = false)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(outcome);
        return log.RecordAsync(spec.Kind.Name(), spec.SeId, spec.Msisdn, spec.ApplicationAid ?? spec.SecurityDomainAid,
            outcome.State.ToString().ToLowerInvariant(), detail ?? Detail(outcome), spec.Id.Value, ActorOf(spec), replace);
    }

    /// <summary>The reason, with the card's SW when it refused: "reason (SW 6A80)".</summary>
    public static string? Detail(TaskOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.StatusWord is null ? outcome.Reason : $"{outcome.Reason} (SW {outcome.StatusWord})";
    }

    /// <summary>Who asked for a task, as operation records name it.</summary>
    public static string? ActorOf(TaskSpec spec) => spec?.Channel switch
    {
        TaskChannel.Provider => "sp:" + spec.ServiceProvider,
        TaskChannel.Platform => "platform",
        TaskChannel.BusinessHall => "business-hall:" + spec.Msisdn,
        _ => null,
    };
}
