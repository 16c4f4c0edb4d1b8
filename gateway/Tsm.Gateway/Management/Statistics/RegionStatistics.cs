using Tsm.Gateway.Regions;

namespace Tsm.Gateway.Management.Statistics;

/// <summary>Activity per region at one level (province, city or county), by the home region of each MSISDN's number segment.</summary>
public sealed record RegionStatistics(DateOnly From, DateOnly To, RegionLevel Level, IReadOnlyList<RegionActivity> Regions);
