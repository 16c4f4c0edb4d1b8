namespace Tsm.Grains.Ota;

/// <summary>A task as the APIs report it.</summary>
[GenerateSerializer, Immutable, Alias("Tsm.TaskView")]
public sealed record TaskView(
    [property: Id(0)] TaskId Id,
    [property: Id(1)] OperationKind Kind,
    [property: Id(2)] string? ApplicationAid,
    [property: Id(3)] TaskState State,
    [property: Id(4)] string? Reason,
    [property: Id(5)] string? StatusWord,
    [property: Id(6)] IReadOnlyList<string>? Responses = null,
    [property: Id(7)] string? SecurityDomainAid = null)
{
    public string SeId => Id.SeId;

    public bool IsFinal => State is TaskState.Succeeded or TaskState.Failed or TaskState.Aborted;
}
