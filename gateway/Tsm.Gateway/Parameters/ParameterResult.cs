namespace Tsm.Gateway.Parameters;

/// <summary>
/// The end of a change: its outcome, the problem when refused, the parameter as it now is, and the history entry
/// written (none when nothing changed).
/// </summary>
public sealed record ParameterResult(ParameterOutcome Outcome, string? Problem = null, ParameterView? Parameter = null, ParameterHistoryEntry? Change = null);
