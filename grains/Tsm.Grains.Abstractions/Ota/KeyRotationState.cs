namespace Tsm.Grains.Ota;

/// <summary>Where a batch key rotation stands.</summary>
public enum KeyRotationState
{
    Running,
    Done,

    /// <summary>Given up: the SE batch left the catalogue while the job ran.</summary>
    Failed,
}
