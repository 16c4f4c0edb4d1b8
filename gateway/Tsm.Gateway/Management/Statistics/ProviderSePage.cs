namespace Tsm.Gateway.Management.Statistics;

/// <summary>
/// The provider's SEs (requirement 5.6.7.3): <see cref="Total"/> registered SEs holding its applications (with the
/// page's filter), <see cref="RegisteredOnPlatform"/> SEs registered on the platform, and a page in SEID order.
/// </summary>
public sealed record ProviderSePage(long Total, long RegisteredOnPlatform, IReadOnlyList<ProviderSe> Items, string? Next);
