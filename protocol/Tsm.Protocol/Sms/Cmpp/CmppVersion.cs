namespace Tsm.Protocol.Sms.Cmpp;

/// <summary>
/// The CMPP protocol version as its CONNECT carries it (docs/sms.md "CMPP 2.0 / 3.0"): high nibble major, low nibble minor.
/// The two versions differ in field widths (terminal ids 21 vs 32 octets, 1- vs 4-octet results, Reserve vs LinkID).
/// </summary>
public enum CmppVersion : byte
{
    /// <summary>CMPP 2.0 (also used by 2.1 gateways).</summary>
    V20 = 0x20,

    /// <summary>CMPP 3.0.</summary>
    V30 = 0x30,
}

/// <summary>Version-dependent field widths of CMPP (docs/sms.md "CMPP 2.0 / 3.0").</summary>
public static class CmppVersionWidths
{
    /// <summary>Width of Fee_terminal_Id, Dest_terminal_Id and Src_terminal_Id: 21 in 2.0, 32 in 3.0.</summary>
    public static int TerminalIdLength(this CmppVersion version) => version == CmppVersion.V30 ? 32 : 21;

    /// <summary>Width of the Status or Result field of a response: 1 in 2.0, 4 in 3.0.</summary>
    public static int ResultLength(this CmppVersion version) => version == CmppVersion.V30 ? 4 : 1;

    /// <summary>Width of the trailing field of SUBMIT and DELIVER: Reserve 8 in 2.0, LinkID 20 in 3.0.</summary>
    public static int TrailerLength(this CmppVersion version) => version == CmppVersion.V30 ? 20 : 8;

    /// <summary>The version from a CONNECT's Version byte, when it is one this codec speaks.</summary>
    public static bool TryFromByte(byte value, out CmppVersion version)
    {
        version = (CmppVersion)value;
        return value is (byte)CmppVersion.V20 or (byte)CmppVersion.V30;
    }

    /// <summary>"2.0" or "3.0".</summary>
    public static string Display(this CmppVersion version) => $"{(byte)version >> 4}.{(byte)version & 0xF}";
}
