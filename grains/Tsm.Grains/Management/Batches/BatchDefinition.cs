using Tsm.Grains.Catalogue;

namespace Tsm.Grains.Management;

/// <summary>
/// An SE batch as the platform stores it (requirement 5.8.1): what the OTA engine reads (<see cref="SeBatch"/>, whose
/// preset AID lists are derived from the presets here) and the memory type and state of each preset.
/// </summary>
public sealed record BatchDefinition
{
    public required SeBatch Batch { get; init; }

    public IReadOnlyList<BatchPreset> PresetApplications { get; init; } = [];

    public IReadOnlyList<BatchPreset> PresetSecurityDomains { get; init; } = [];

    /// <summary>The engine's record, with the preset AID lists of <see cref="PresetApplications"/> and <see cref="PresetSecurityDomains"/>.</summary>
    public SeBatch ForEngine() => Batch with
    {
        PresetApplications = [.. PresetApplications.Select(p => p.Aid)],
        PresetSecurityDomains = [.. PresetSecurityDomains.Select(p => p.Aid)],
    };

    /// <summary>A batch from configuration: its preset AIDs with the default memory type and state.</summary>
    public static BatchDefinition FromConfiguration(SeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new BatchDefinition
        {
            Batch = batch,
            PresetApplications = [.. batch.PresetApplications.Select(a => new BatchPreset { Aid = a.ToUpperInvariant() })],
            PresetSecurityDomains = [.. batch.PresetSecurityDomains.Select(a => new BatchPreset { Aid = a.ToUpperInvariant(), State = PresetState.Personalized })],
        };
    }
}
