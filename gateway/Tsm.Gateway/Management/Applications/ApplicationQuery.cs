namespace Tsm.Gateway.Management.Applications;

/// <summary>Which application versions a list answers: all conditions that are set (uploaded within [From, To)).</summary>
public sealed record ApplicationQuery(string? ProviderId = null, string? Status = null, DateTimeOffset? From = null, DateTimeOffset? To = null);
