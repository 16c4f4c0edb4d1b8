namespace Tsm.Grains.Catalogue;

/// <summary>How an application reaches a user (requirement 5.4.5).</summary>
public enum IssuanceMode
{
    /// <summary>Downloaded (load, install) and then personalized.</summary>
    DownloadAndPersonalize,

    /// <summary>Preset on the SE by its batch: only personalized.</summary>
    PersonalizePreset,
}
