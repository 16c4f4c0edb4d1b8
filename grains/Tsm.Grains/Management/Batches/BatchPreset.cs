namespace Tsm.Grains.Management;

/// <summary>An application or a supplementary SD preset on every card of a batch (requirement 5.8.1), known to the platform at registration.</summary>
public sealed record BatchPreset
{
    /// <summary>The application's or the SD's AID (hex).</summary>
    public required string Aid { get; init; }

    public PresetMemoryType MemoryType { get; init; } = PresetMemoryType.Eeprom;

    public PresetState State { get; init; } = PresetState.Selectable;
}
