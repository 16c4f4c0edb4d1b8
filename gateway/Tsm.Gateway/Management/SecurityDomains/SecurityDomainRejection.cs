namespace Tsm.Gateway.Management.SecurityDomains;

/// <summary>The body of a rejection (requirement 5.3.3): why.</summary>
public sealed record SecurityDomainRejection(string? Reason);
