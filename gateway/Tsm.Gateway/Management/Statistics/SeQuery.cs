namespace Tsm.Gateway.Management.Statistics;

/// <summary>The query string of a provider's SE list (<c>GET /sp/v1/portal/ses</c>, <c>GET /sp/v1/ses</c>).</summary>
public sealed record SeQuery(string? After, long? MinFreeNonVolatile, int? Limit);
