namespace Tsm.Gateway.Outbox;

/// <summary>What a sender delegate reports for one row: its verdict, why, and the peer's reference for it.</summary>
public sealed record OutboxAttempt(OutboxVerdict Verdict, string? Detail, string? Reference = null)
{
    public static OutboxAttempt Done(string? detail, string? reference = null) => new(OutboxVerdict.Done, detail, reference);

    public static OutboxAttempt Retry(string detail) => new(OutboxVerdict.Retry, detail);

    public static OutboxAttempt Refused(string detail) => new(OutboxVerdict.Refused, detail);
}
