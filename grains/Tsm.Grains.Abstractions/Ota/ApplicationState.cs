namespace Tsm.Grains.Ota;

/// <summary>Application state on one SE as the platform tracks it (requirement 5.8.7.2).</summary>
public enum ApplicationState
{
    Ready,
    Loaded,
    Instantiated,
    Personalized,
    Useable,
    Locked,
}
