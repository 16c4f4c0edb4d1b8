namespace Tsm.Gateway.Management.Statistics;

/// <summary>
/// The downloads of one application over a range: totals and the days they happened. <see cref="Name"/> and
/// <see cref="Provider"/> come from the catalogue (null for an AID it no longer has).
/// </summary>
public sealed record ApplicationDownloads(string ApplicationAid, string? Name, string? Provider, long Succeeded, long Failed, IReadOnlyList<DownloadsOnDay> Days);
