namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// A notice to a provider's contact (docs/management/providers.md, "Notifications"): one short SMS text and an e-mail.
/// <see cref="Sensitive"/> marks a notice that carries a password: it is sent, never logged or stored elsewhere.
/// </summary>
public sealed record ProviderNotice(string Provider, string? Mobile, string? Email, string Subject, string SmsText, string EmailText, bool Sensitive);
