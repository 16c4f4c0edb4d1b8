namespace Tsm.Grains.Domain;

/// <summary>The operations a wallet may ask for next on one application (the login lists).</summary>
[Flags]
public enum ApplicationActions
{
    None = 0,
    Download = 1,
    Delete = 2,
    Lock = 4,
    Unlock = 8,
}
