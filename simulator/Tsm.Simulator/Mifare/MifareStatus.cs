namespace Tsm.Simulator.Mifare;

/// <summary>
/// Outcome of one memory operation. A real card answers a refused operation with a NAK and drops the authentication;
/// here the reason is kept so the card manager can map it to a status word.
/// </summary>
public enum MifareStatus
{
    Ok,

    /// <summary>The block or sector number does not exist on this card type.</summary>
    InvalidBlock,

    /// <summary>No authentication, or the block lies outside the authenticated sector.</summary>
    NotAuthenticated,

    /// <summary>The key does not match.</summary>
    AuthenticationFailed,

    /// <summary>The access conditions forbid the operation with the authenticated key (or block 0 was written).</summary>
    AccessDenied,

    /// <summary>The sector trailer holds access bits whose inverted copies disagree: the sector is unusable.</summary>
    SectorBlocked,

    /// <summary>A trailer write would store access bits whose inverted copies disagree.</summary>
    InvalidAccessBits,

    /// <summary>The block is not in value block format (or is a trailer or block 0).</summary>
    NotValueBlock,

    /// <summary>The value would leave the signed 32-bit range.</summary>
    ValueOverflow,

    /// <summary>TRANSFER without a preceding INCREMENT, DECREMENT or RESTORE.</summary>
    TransferBufferEmpty,
}
