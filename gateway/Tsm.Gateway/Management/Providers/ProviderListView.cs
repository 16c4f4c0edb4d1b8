namespace Tsm.Gateway.Management.Providers;

/// <summary>One page of providers: the items, how many match in all, and where the page starts.</summary>
public sealed record ProviderListView(IReadOnlyList<ProviderView> Items, int Total, int Offset, int Limit);
