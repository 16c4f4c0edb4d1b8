namespace Tsm.Gateway.Management.Providers;

/// <summary>One page of a provider query: the rows, and how many match in all.</summary>
public sealed record ProviderPage(IReadOnlyList<ServiceProviderRecord> Items, int Total, int Offset, int Limit);
