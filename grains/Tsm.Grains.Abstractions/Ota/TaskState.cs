namespace Tsm.Grains.Ota;

/// <summary>The state of a task as people see it.</summary>
public enum TaskState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Aborted,
}
