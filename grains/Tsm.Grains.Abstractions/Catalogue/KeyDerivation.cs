namespace Tsm.Grains.Catalogue;

/// <summary>How ISD keys of a batch are derived from its master key (seed 5.8.1; PROTOCOLS.md §1).</summary>
public enum KeyDerivation
{
    /// <summary>Every card holds the master key itself (test batches, the GlobalPlatform test key).</summary>
    None,
    Emv,
    Visa2,
}
