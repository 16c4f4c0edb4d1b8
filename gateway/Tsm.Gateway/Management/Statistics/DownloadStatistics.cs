namespace Tsm.Gateway.Management.Statistics;

/// <summary>Downloads per application (requirement 5.2.2.2), most successful first.</summary>
public sealed record DownloadStatistics(DateOnly From, DateOnly To, IReadOnlyList<ApplicationDownloads> Applications);
