using Tsm.Grains.Catalogue;

namespace Tsm.Gateway.Management.SecurityDomains;

/// <summary>A security-domain definition as the API shows it.</summary>
public sealed record SecurityDomainView
{
    public required string Aid { get; init; }

    public required string Owner { get; init; }

    /// <summary>pending, approved or rejected.</summary>
    public required string State { get; init; }

    public string? Reason { get; init; }

    public string? AppliedBy { get; init; }

    public DateTimeOffset AppliedAt { get; init; }

    public string? DecidedBy { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>Whether the SD has been created on an SE (then only the deletion rule and key-update period may change); shown for one definition, not in lists.</summary>
    public bool? CreatedOnSe { get; init; }

    public required SecurityDomainDefinition Attributes { get; init; }

    public static SecurityDomainView Of(SecurityDomainRecord record, bool? createdOnSe = null, bool forProvider = false)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new SecurityDomainView
        {
            Aid = record.Aid,
            Owner = record.Owner,
            State = SecurityDomainStore.StateName(record.State),
            Reason = record.Reason,
            AppliedBy = forProvider ? null : record.AppliedBy,
            AppliedAt = record.AppliedAt,
            DecidedBy = forProvider ? null : record.DecidedBy,
            DecidedAt = record.DecidedAt,
            CreatedOnSe = createdOnSe,
            Attributes = record.Definition,
        };
    }
}
