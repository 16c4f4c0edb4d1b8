namespace Tsm.Gateway.Api.Delegated;

/// <summary>One DAP-mode SD's DES DAP key held for its owner (GP 2.2.1 C.6.2).</summary>
public sealed class DapKeyOptions
{
    /// <summary>The provider owning the SD: only its platforms may have the platform sign with this key.</summary>
    public string Owner { get; set; } = "";

    /// <summary>The 16-byte DES DAP key, key-service protected.</summary>
    public string Key { get; set; } = "";
}
