namespace Tsm.Gateway.Management.Statistics;

/// <summary>The query string of a provider's record list (<c>GET /sp/v1/portal/downloads</c>, <c>GET /sp/v1/downloads</c>).</summary>
public sealed record RecordQuery(string? From, string? To, string? Msisdn, string? SeId, string? ApplicationAid, string? Operation, string? Cursor, int? Limit);
