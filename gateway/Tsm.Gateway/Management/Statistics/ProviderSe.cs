namespace Tsm.Gateway.Management.Statistics;

/// <summary>
/// A registered SE holding some of the provider's applications, and the free memory it last reported (bytes; null
/// until a task read it) with when (requirement 5.6.7.3).
/// </summary>
public sealed record ProviderSe(string SeId, IReadOnlyList<string> Applications, long? FreeNonVolatile, long? FreeVolatile, DateTimeOffset? SpaceReportedAt);
