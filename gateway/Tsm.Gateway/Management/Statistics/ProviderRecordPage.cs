namespace Tsm.Gateway.Management.Statistics;

/// <summary>A page of <see cref="ProviderRecord"/>s, newest first; <see cref="Next"/> is the cursor of the next page (null: the last).</summary>
public sealed record ProviderRecordPage(IReadOnlyList<ProviderRecord> Items, string? Next);
