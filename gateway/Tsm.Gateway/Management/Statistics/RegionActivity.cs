namespace Tsm.Gateway.Management.Statistics;

/// <summary>
/// One region's activity over a range: distinct MSISDNs with any operation (logins included), operations other than
/// logins, successful downloads. <see cref="Region"/> is null for numbers outside every number segment.
/// </summary>
public sealed record RegionActivity(string? Region, string? Name, long Users, long Operations, long Downloads);
