namespace Tsm.Grains.Catalogue;

/// <summary>How ISD keys of a batch are derived from its master key (requirement 5.8.1; docs/protocol.md "SCP02 notes").</summary>
public enum KeyDerivation
{
    /// <summary>Every card holds the master key itself (test batches, the GlobalPlatform test key).</summary>
    None,
    Emv,
    Visa2,
}
