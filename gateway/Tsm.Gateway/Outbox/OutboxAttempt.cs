namespace Tsm.Gateway.Outbox;

/// <summary>
/// What a sender delegate reports for one row: its verdict, why, the peer's reference for it, and what that reference
/// is unique within (the SMS account that gave the message id).
/// </summary>
public sealed record OutboxAttempt(OutboxVerdict Verdict, string? Detail, string? Reference = null, string? Scope = null)
{
    public static OutboxAttempt Done(string? detail, string? reference = null, string? scope = null) => new(OutboxVerdict.Done, detail, reference, scope);

    public static OutboxAttempt Retry(string detail) => new(OutboxVerdict.Retry, detail);

    public static OutboxAttempt Refused(string detail) => new(OutboxVerdict.Refused, detail);
}
