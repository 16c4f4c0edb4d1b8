namespace Tsm.Protocol.Scp80;

/// <summary>
/// The algorithm a KIc or KID names in its low nibble (ETSI TS 102 225 §5.1.2 and §5.1.3.1): b2 b1 the family
/// (00 implicit, 01 DES, 10 AES, 11 proprietary), b4 b3 the mode. Only the combinations the spec defines are named.
/// </summary>
public enum Scp80Algorithm : byte
{
    /// <summary>0000: known implicitly by both entities.</summary>
    Implicit = 0x0,

    /// <summary>0001: single DES, CBC (CC: DES CBC-MAC).</summary>
    Des = 0x1,

    /// <summary>0101: triple DES outer CBC with two keys (16-byte key).</summary>
    TripleDes2Key = 0x5,

    /// <summary>1001: triple DES outer CBC with three keys (24-byte key).</summary>
    TripleDes3Key = 0x9,

    /// <summary>0010: AES, CBC for ciphering and CMAC for the checksum.</summary>
    Aes = 0x2,
}
