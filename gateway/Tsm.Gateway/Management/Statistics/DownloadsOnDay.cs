namespace Tsm.Gateway.Management.Statistics;

/// <summary>One application's downloads on one day: succeeded, and ended otherwise (failed, aborted).</summary>
public sealed record DownloadsOnDay(DateOnly Date, long Succeeded, long Failed);
