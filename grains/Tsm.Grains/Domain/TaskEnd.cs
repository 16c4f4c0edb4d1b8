namespace Tsm.Grains.Domain;

/// <summary>How a task ended, as far as an application's life cycle cares.</summary>
public enum TaskEnd
{
    Succeeded,

    /// <summary>A delete that removed the instances and kept the load file (another application uses it, or the plan said so).</summary>
    SucceededKeepingLoadFile,

    /// <summary>A failed or aborted download after which the load file is on the card.</summary>
    FailedWithLoadFile,

    /// <summary>Failed or aborted with nothing to record.</summary>
    Failed,
}
