namespace Tsm.Protocol.Scp02;

/// <summary>
/// The SCP02 "i" implementation option (GP 2.2.1 §E.1.1, Table E-1). Common values: <c>15</c> (explicit,
/// three keys, modified-APDU C-MAC, ICV encryption), <c>55</c> (15 with a pseudo-random card challenge),
/// <c>1A</c> (implicit, one base key, ICV = MAC over AID).
/// </summary>
public readonly record struct Scp02Parameter(byte Value)
{
    public static Scp02Parameter I15 { get; } = new(0x15);

    public static Scp02Parameter I55 { get; } = new(0x55);

    /// <summary>b1: three Secure Channel keys (else one base key).</summary>
    public bool ThreeKeys => (Value & 0x01) != 0;

    /// <summary>b2: C-MAC on the unmodified APDU (else on the modified header with Lc + 8).</summary>
    public bool UnmodifiedApduMac => (Value & 0x02) != 0;

    /// <summary>b3: explicit initiation with INITIALIZE UPDATE and EXTERNAL AUTHENTICATE.</summary>
    public bool ExplicitInitiation => (Value & 0x04) != 0;

    /// <summary>b4: the first ICV is a MAC over the AID (else zero).</summary>
    public bool IcvMacOverAid => (Value & 0x08) != 0;

    /// <summary>b5: the ICV is encrypted before each C-MAC after the first.</summary>
    public bool IcvEncryption => (Value & 0x10) != 0;

    /// <summary>b6: R-MAC supported.</summary>
    public bool RMacSupported => (Value & 0x20) != 0;

    /// <summary>b7: well-known pseudo-random card challenge (E.4.2.3).</summary>
    public bool PseudoRandomCardChallenge => (Value & 0x40) != 0;

    public override string ToString() => Value.ToString("X2", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Security level of a secure channel session (GP 2.2.1 §E.5.2, P1 of EXTERNAL AUTHENTICATE):
/// 00 none, 01 C-MAC, 03 C-DEC + C-MAC, 10 R-MAC, 11 C-MAC + R-MAC, 13 all three; and 02, C-DEC alone, which
/// GP 2.2.1 does not define but requirement 5.8.9.2 asks the platform to offer (see <see cref="SecurityLevels.IsValid"/>).
/// SCP03 adds b6, R-ENCRYPTION (33 = everything; see Scp03Parameter.Allows).
/// </summary>
[Flags]
public enum SecurityLevel : byte
{
    None = 0x00,
    CMac = 0x01,
    CDecryption = 0x02,
    RMac = 0x10,
    CMacCDecryption = CMac | CDecryption,
    CMacRMac = CMac | RMac,
    CMacCDecryptionRMac = CMac | CDecryption | RMac,
    REncryption = 0x20,
    All = CMac | CDecryption | RMac | REncryption,
}

/// <summary>Checks for security levels.</summary>
public static class SecurityLevels
{
    /// <summary>
    /// True for the levels SCP02 sessions may use: those of GP 2.2.1 §E.5.2.1 (00, 01, 03, 10, 11, 13) plus 02, the
    /// CMS2AC level of requirement 5.8.9.2 that GP leaves undefined. Here 02 means confidentiality without integrity: after
    /// EXTERNAL AUTHENTICATE every command carries the secure messaging bit and its data is C-DEC encrypted as at
    /// level 03, but no C-MAC is added or checked, so commands are not chained. Level 03 is the one to prefer.
    /// </summary>
    public static bool IsValid(SecurityLevel level) =>
        level is SecurityLevel.None or SecurityLevel.CMac or SecurityLevel.CDecryption or SecurityLevel.CMacCDecryption
            or SecurityLevel.RMac or SecurityLevel.CMacRMac or SecurityLevel.CMacCDecryptionRMac;
}
