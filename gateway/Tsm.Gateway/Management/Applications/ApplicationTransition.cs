namespace Tsm.Gateway.Management.Applications;

/// <summary>One entry of an application version's history: an upload, a change of state, a rejection or a test result.</summary>
public sealed record ApplicationTransition(string Action, string? From, string To, string Actor, DateTimeOffset At, string? Reason);
