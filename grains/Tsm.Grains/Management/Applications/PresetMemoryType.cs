namespace Tsm.Grains.Management.Applications;

/// <summary>Where a preset application's code sits on the SE (requirement 5.4.2, preset attributes).</summary>
public enum PresetMemoryType
{
    Flash,
    Eeprom,
    Rom,
}
