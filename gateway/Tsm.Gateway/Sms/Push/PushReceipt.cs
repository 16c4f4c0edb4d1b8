namespace Tsm.Gateway.Sms.Push;

/// <summary>A delivery receipt for the push records: every form of its message id, and the push state it means.</summary>
public sealed record PushReceipt(IReadOnlyList<string> MessageIds, string State, string? Detail);
