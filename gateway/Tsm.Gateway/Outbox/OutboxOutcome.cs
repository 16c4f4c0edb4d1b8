namespace Tsm.Gateway.Outbox;

/// <summary>
/// What one attempt left a row as: its new state (one of the table's <see cref="OutboxStates"/>), when it is due
/// again (for a done row: when the attempt started), why, what the peer called it (the SMSC's message id), when
/// anything, and what that reference is unique within (the account).
/// </summary>
public sealed record OutboxOutcome(string Key, string State, DateTimeOffset NextAttemptAt, string? Detail, string? Reference = null, string? Scope = null);
