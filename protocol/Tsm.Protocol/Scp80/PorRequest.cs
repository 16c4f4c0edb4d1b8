namespace Tsm.Protocol.Scp80;

/// <summary>Whether a proof of receipt is wanted (ETSI TS 102 225 §5.1.1, second SPI octet, bits b2 b1).</summary>
public enum PorRequest : byte
{
    /// <summary>00: no PoR.</summary>
    None = 0,

    /// <summary>01: PoR always.</summary>
    Always = 1,

    /// <summary>10: PoR only on error.</summary>
    OnError = 2,

    /// <summary>11: reserved.</summary>
    Reserved = 3,
}
