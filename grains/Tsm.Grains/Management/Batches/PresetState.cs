namespace Tsm.Grains.Management;

/// <summary>The GlobalPlatform life-cycle state preset content is in when the card leaves the factory (requirement 5.8.1).</summary>
public enum PresetState
{
    /// <summary>Loaded (a load file only, nothing instantiated).</summary>
    Loaded,

    Installed,

    Selectable,

    /// <summary>Personalized (an SD with its keys, an application with its data).</summary>
    Personalized,

    Locked,
}
