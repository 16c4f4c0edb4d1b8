using Tsm.Gateway.Regions;

namespace Tsm.Gateway.Api;

/// <summary>An MSISDN's home region (GET /admin/v1/number-segments?msisdn=): the longest segment it starts with.</summary>
public sealed record NumberSegmentMatch(string Msisdn, string Prefix, RegionCode Region, string? RegionName);
