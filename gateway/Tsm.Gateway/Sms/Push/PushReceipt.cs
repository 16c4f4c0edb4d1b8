namespace Tsm.Gateway.Sms.Push;

/// <summary>
/// A final delivery receipt for the push records: the account it came through, its message id as given and every
/// form of it to look the push up by, the push state it means, and when the gateway received it.
/// </summary>
public sealed record PushReceipt(string Account, string MessageId, IReadOnlyList<string> Candidates, string State, string? Detail, DateTimeOffset ReceivedAt);
