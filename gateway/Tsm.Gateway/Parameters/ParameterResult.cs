namespace Tsm.Gateway.Parameters;

/// <summary>The end of a change: its outcome, the problem when refused, and the parameter as it now is.</summary>
public sealed record ParameterResult(ParameterOutcome Outcome, string? Problem = null, ParameterView? Parameter = null);
