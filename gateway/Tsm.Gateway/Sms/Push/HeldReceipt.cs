namespace Tsm.Gateway.Sms.Push;

/// <summary>A receipt that was held for its submit answer and dropped unmatched (docs/sms.md, "Receipt matching").</summary>
public sealed record HeldReceipt(string Account, string MessageId, string State, DateTimeOffset ReceivedAt);
