namespace Tsm.Grains.Ota;

/// <summary>An accepted request: its task, whose wire id is also the SERAM session id.</summary>
[GenerateSerializer, Immutable, Alias("Tsm.TaskTicket")]
public sealed record TaskTicket([property: Id(0)] TaskId TaskId);
