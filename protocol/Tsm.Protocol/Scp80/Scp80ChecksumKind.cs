namespace Tsm.Protocol.Scp80;

/// <summary>The integrity mechanism an SPI asks for (ETSI TS 102 225 §5.1.1, SPI bits b2 b1 of either octet).</summary>
public enum Scp80ChecksumKind : byte
{
    /// <summary>00: no RC, CC or DS.</summary>
    None = 0,

    /// <summary>01: redundancy check (CRC).</summary>
    RedundancyCheck = 1,

    /// <summary>10: cryptographic checksum.</summary>
    CryptographicChecksum = 2,

    /// <summary>11: digital signature.</summary>
    DigitalSignature = 3,
}
