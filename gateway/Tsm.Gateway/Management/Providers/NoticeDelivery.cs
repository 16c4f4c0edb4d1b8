namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// How a notice went, per channel: "sent" / "written", "no-address" (the contact has none), "no-channel" (no SMS link,
/// no pickup directory) or "failed".
/// </summary>
public sealed record NoticeDelivery(string Sms, string Email);
