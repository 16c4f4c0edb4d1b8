namespace Tsm.Gateway.Management.Statistics;

/// <summary>An operation on one of the provider's applications, as the provider sees it (requirement 5.6.7.2).</summary>
public sealed record ProviderRecord(Guid Id, DateTimeOffset At, string Operation, string SeId, string Msisdn, string ApplicationAid, string Result, string? Detail);
