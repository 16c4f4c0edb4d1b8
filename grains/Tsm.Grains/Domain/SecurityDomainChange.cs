namespace Tsm.Grains.Domain;

/// <summary>What a finished task changed in an SE's SD ledger.</summary>
public enum SecurityDomainChange
{
    None,
    Created,
    KeysReplaced,
    Deleted,

    /// <summary>An info sync aligned the ledger with the card.</summary>
    Reconciled,
}
