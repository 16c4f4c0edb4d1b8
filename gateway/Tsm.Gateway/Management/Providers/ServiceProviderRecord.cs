using Tsm.Grains.Management.Providers;

namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// A service provider as stored (docs/management/providers.md): <see cref="Id"/> is its registration's id
/// (REG000001) or a seeded provider's configured id; <see cref="Spid"/> is issued on approval.
/// </summary>
public sealed record ServiceProviderRecord
{
    public required string Id { get; init; }

    public string? Spid { get; init; }

    public required ProviderStatus Status { get; init; }

    public required ProviderBasics Basics { get; init; }

    public required ProviderExtended Extended { get; init; }

    /// <summary>The provider's login account (its user name is the SPID); null before approval.</summary>
    public string? Account { get; init; }

    public required string RegisteredBy { get; init; }

    public required DateTimeOffset RegisteredAt { get; init; }

    /// <summary>Who made the latest decision (approval, rejection, blacklisting, restoring, deregistration).</summary>
    public string? DecidedBy { get; init; }

    /// <summary>The latest decision's reason.</summary>
    public string? Reason { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The id the provider is known by: its SPID once it has one.</summary>
    public string Key => Spid ?? Id;
}
