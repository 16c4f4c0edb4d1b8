namespace Tsm.Protocol.Scp80;

/// <summary>
/// The security parameter indicator, two octets (ETSI TS 102 225 §5.1.1; 3GPP TS 31.115 §4.2 for b6 of the second).
/// First octet: b2 b1 RC/CC/DS, b3 ciphering, b5 b4 counter mode, b8–b6 reserved. Second octet: b2 b1 PoR request,
/// b4 b3 RC/CC/DS of the PoR, b5 PoR ciphered, b6 PoR by SMS-SUBMIT (0: SMS-DELIVER-REPORT), b8 b7 reserved.
/// </summary>
public readonly record struct Spi(byte First, byte Second)
{
    /// <summary>The two octets as one big-endian value (e.g. <c>1621</c>).</summary>
    public ushort Value => (ushort)((First << 8) | Second);

    public Scp80ChecksumKind Checksum => (Scp80ChecksumKind)(First & 0x03);

    public bool Ciphered => (First & 0x04) != 0;

    public Scp80CounterMode CounterMode => (Scp80CounterMode)((First >> 3) & 0x03);

    public PorRequest Por => (PorRequest)(Second & 0x03);

    public Scp80ChecksumKind PorChecksum => (Scp80ChecksumKind)((Second >> 2) & 0x03);

    public bool PorCiphered => (Second & 0x10) != 0;

    /// <summary>The PoR goes back in an SMS-SUBMIT rather than the SMS-DELIVER-REPORT (TS 31.115).</summary>
    public bool PorBySubmit => (Second & 0x20) != 0;

    /// <summary>An SPI from its parts.</summary>
    public static Spi Create(
        Scp80ChecksumKind checksum,
        bool ciphered,
        Scp80CounterMode counter,
        PorRequest por = PorRequest.Always,
        Scp80ChecksumKind porChecksum = Scp80ChecksumKind.None,
        bool porCiphered = false,
        bool porBySubmit = false) =>
        new((byte)((byte)checksum | (ciphered ? 0x04 : 0) | ((byte)counter << 3)),
            (byte)((byte)por | ((byte)porChecksum << 2) | (porCiphered ? 0x10 : 0) | (porBySubmit ? 0x20 : 0)));

    /// <summary>From the two-octet value.</summary>
    public static Spi FromValue(ushort value) => new((byte)(value >> 8), (byte)value);

    public override string ToString() => Value.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
}
