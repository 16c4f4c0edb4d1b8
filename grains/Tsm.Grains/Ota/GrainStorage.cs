namespace Tsm.Grains.Ota;

/// <summary>The storage provider name every grain state uses (configured by the gateway's storage profile).</summary>
public static class GrainStorage
{
    public const string Name = "tsm";
}
