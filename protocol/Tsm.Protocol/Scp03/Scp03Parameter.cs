using Tsm.Protocol.Scp02;

namespace Tsm.Protocol.Scp03;

/// <summary>
/// The SCP03 "i" parameter (Amendment D §5.1): b5 pseudo-random card challenge (else random), b6 R-MAC supported,
/// b7 R-MAC and R-ENCRYPTION supported. Common values <c>00</c>, <c>10</c>, <c>30</c>, <c>70</c>.
/// </summary>
public readonly record struct Scp03Parameter(byte Value)
{
    public static Scp03Parameter I00 { get; } = new(0x00);

    public static Scp03Parameter I70 { get; } = new(0x70);

    public bool PseudoRandomCardChallenge => (Value & 0x10) != 0;

    public bool RMacSupported => (Value & 0x20) != 0 || REncryptionSupported;

    public bool REncryptionSupported => (Value & 0x40) != 0;

    /// <summary>
    /// Whether a session may run at <paramref name="level"/>: one of 00, 01, 03, 11, 13, 33 (Amendment D §7.1.2.1:
    /// R-MAC needs C-MAC, R-ENCRYPTION needs C-DECRYPTION and R-MAC), with the response protection this card offers.
    /// </summary>
    public bool Allows(SecurityLevel level) => level switch
    {
        SecurityLevel.None or SecurityLevel.CMac or SecurityLevel.CMacCDecryption => true,
        SecurityLevel.CMacRMac or SecurityLevel.CMacCDecryptionRMac => RMacSupported,
        SecurityLevel.All => REncryptionSupported,
        _ => false,
    };

    public override string ToString() => Value.ToString("X2", System.Globalization.CultureInfo.InvariantCulture);
}
