using Tsm.Grains.Catalogue;
using Tsm.Grains.Management;

namespace Tsm.Gateway.Management.SecurityDomains;

/// <summary>A stored security-domain definition: its attributes (the engine's record) and where it is in its approval.</summary>
public sealed record SecurityDomainRecord
{
    public required SecurityDomainDefinition Definition { get; init; }

    public required SecurityDomainState State { get; init; }

    public required string AppliedBy { get; init; }

    public required DateTimeOffset AppliedAt { get; init; }

    public string? DecidedBy { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>Why it was rejected.</summary>
    public string? Reason { get; init; }

    public string Aid => Definition.Aid;

    public string Owner => Definition.Owner;
}
