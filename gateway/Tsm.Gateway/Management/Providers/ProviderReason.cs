namespace Tsm.Gateway.Management.Providers;

/// <summary>The body of a decision: its reason (required to reject, blacklist and restore).</summary>
public sealed record ProviderReason(string? Reason);
