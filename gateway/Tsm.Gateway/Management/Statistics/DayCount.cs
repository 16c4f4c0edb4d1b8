namespace Tsm.Gateway.Management.Statistics;

/// <summary>A grouped count of operation records: day of the range, a key (operation or application), a result.</summary>
public sealed record DayCount(long Day, string Key, string Result, long Count);
