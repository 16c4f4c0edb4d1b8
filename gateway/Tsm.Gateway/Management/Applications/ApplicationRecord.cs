using Tsm.Grains.Catalogue;
using Tsm.Grains.Management.Applications;

namespace Tsm.Gateway.Management.Applications;

/// <summary>One application version as the catalogue stores it (docs/management/applications.md, "Storage").</summary>
public sealed record ApplicationRecord
{
    public required string VersionId { get; init; }

    public required string Aid { get; init; }

    public required string ProviderId { get; init; }

    public string ProviderVersion { get; init; } = "";

    public string Name { get; init; } = "";

    /// <summary>The state's lower-case name (<see cref="ApplicationLifecycle.NameOf"/>).</summary>
    public required string Status { get; init; }

    /// <summary>Why the last review rejected it; null when none did.</summary>
    public string? Reason { get; init; }

    /// <summary>What the OTA engine reads, status, batches and user list included.</summary>
    public required ApplicationDefinition Definition { get; init; }

    /// <summary>The structure uploaded with it; null for entries seeded from configuration.</summary>
    public ApplicationManifest? Manifest { get; init; }

    public IReadOnlyList<ApplicationTestResult> Tests { get; init; } = [];

    /// <summary>Seeded from configuration (Catalogue:Applications) rather than uploaded.</summary>
    public bool Seeded { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
