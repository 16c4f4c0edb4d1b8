namespace Tsm.Gateway.Management.Statistics;

/// <summary>
/// Counts of the records whose MSISDN starts with <see cref="Prefix"/> and has <see cref="Length"/> characters: enough
/// of the number to find its segment, without a group per subscriber (see <see cref="RegionTally"/>).
/// </summary>
public sealed record SegmentCount(string Prefix, int Length, long Users, long Operations, long Downloads);
