namespace Tsm.Gateway.Parameters;

/// <summary>One change of a parameter (<see cref="ParameterActions"/>): the stored value before and after, when and by whom.</summary>
public sealed record ParameterHistoryEntry(long Seq, string Name, string Action, string? OldValue, string? NewValue, DateTimeOffset ChangedAt, string ChangedBy);
