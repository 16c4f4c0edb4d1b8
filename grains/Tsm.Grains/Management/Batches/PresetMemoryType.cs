namespace Tsm.Grains.Management;

/// <summary>Where preset content lives on the cards of a batch (requirement 5.8.1).</summary>
public enum PresetMemoryType
{
    Rom,
    Flash,
    Eeprom,
}
