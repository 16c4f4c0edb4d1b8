namespace Tsm.Protocol.GlobalPlatform;

/// <summary>
/// The three privilege bytes of an application or security domain (GP 2.2.1 §11.1.2, Tables 11-7 to 11-9).
/// Some privileges are multi-bit masks that include the Security Domain bit (DAP Verification <c>C0</c>,
/// Delegated Management <c>A0</c>, Mandated DAP <c>C1</c>), so <see cref="Has"/> tests every bit of the mask.
/// </summary>
public readonly record struct Privileges(byte Byte1, byte Byte2, byte Byte3)
{
    public static Privileges None => default;

    // Byte 1
    public static Privileges SecurityDomain => new(0x80, 0, 0);
    public static Privileges DapVerification => new(0xC0, 0, 0);
    public static Privileges DelegatedManagement => new(0xA0, 0, 0);
    public static Privileges CardLock => new(0x10, 0, 0);
    public static Privileges CardTerminate => new(0x08, 0, 0);
    public static Privileges CardReset => new(0x04, 0, 0);
    public static Privileges CvmManagement => new(0x02, 0, 0);
    public static Privileges MandatedDap => new(0xC1, 0, 0);

    // Byte 2
    public static Privileges TrustedPath => new(0, 0x80, 0);
    public static Privileges AuthorizedManagement => new(0, 0x40, 0);
    public static Privileges TokenVerification => new(0, 0x20, 0);
    public static Privileges GlobalDelete => new(0, 0x10, 0);
    public static Privileges GlobalLock => new(0, 0x08, 0);
    public static Privileges GlobalRegistry => new(0, 0x04, 0);
    public static Privileges FinalApplication => new(0, 0x02, 0);
    public static Privileges GlobalService => new(0, 0x01, 0);

    // Byte 3
    public static Privileges ReceiptGeneration => new(0, 0, 0x80);
    public static Privileges CipheredLoadFileDataBlock => new(0, 0, 0x40);
    public static Privileges ContactlessActivation => new(0, 0, 0x20);
    public static Privileges ContactlessSelfActivation => new(0, 0, 0x10);

    private static readonly (string Name, Privileges Mask)[] Named =
    [
        // Masks with more bits first, so that ToString names C0 as DapVerification, not also SecurityDomain.
        (nameof(MandatedDap), MandatedDap), (nameof(DapVerification), DapVerification),
        (nameof(DelegatedManagement), DelegatedManagement), (nameof(SecurityDomain), SecurityDomain),
        (nameof(CardLock), CardLock), (nameof(CardTerminate), CardTerminate), (nameof(CardReset), CardReset),
        (nameof(CvmManagement), CvmManagement), (nameof(TrustedPath), TrustedPath),
        (nameof(AuthorizedManagement), AuthorizedManagement), (nameof(TokenVerification), TokenVerification),
        (nameof(GlobalDelete), GlobalDelete), (nameof(GlobalLock), GlobalLock), (nameof(GlobalRegistry), GlobalRegistry),
        (nameof(FinalApplication), FinalApplication), (nameof(GlobalService), GlobalService),
        (nameof(ReceiptGeneration), ReceiptGeneration), (nameof(CipheredLoadFileDataBlock), CipheredLoadFileDataBlock),
        (nameof(ContactlessActivation), ContactlessActivation), (nameof(ContactlessSelfActivation), ContactlessSelfActivation),
    ];

    /// <summary>True when every bit of <paramref name="mask"/> is set.</summary>
    public bool Has(Privileges mask) =>
        (Byte1 & mask.Byte1) == mask.Byte1 && (Byte2 & mask.Byte2) == mask.Byte2 && (Byte3 & mask.Byte3) == mask.Byte3;

    public bool IsSecurityDomain => Has(SecurityDomain);

    /// <summary>Bytes 2 and 3 are zero, so the one-byte form of GP 2.1.1 loses nothing.</summary>
    public bool FitsInOneByte => Byte2 == 0 && Byte3 == 0;

    public static Privileges operator |(Privileges left, Privileges right) =>
        new((byte)(left.Byte1 | right.Byte1), (byte)(left.Byte2 | right.Byte2), (byte)(left.Byte3 | right.Byte3));

    public static Privileges BitwiseOr(Privileges left, Privileges right) => left | right;

    /// <summary>The 3-byte encoding, or 1 byte when <paramref name="compact"/> and bytes 2 and 3 are zero.</summary>
    public byte[] ToArray(bool compact = false) => compact && FitsInOneByte ? [Byte1] : [Byte1, Byte2, Byte3];

    /// <summary>
    /// Decodes 0, 1 or 3 bytes (§11.4.3.1: C5 is 0, 1 or 3 bytes). One byte leaves bytes 2 and 3 zero; none
    /// gives <see cref="None"/>.
    /// </summary>
    /// <exception cref="GpFormatException">Any other length.</exception>
    public static Privileges Parse(ReadOnlySpan<byte> bytes) => bytes.Length switch
    {
        0 => None,
        1 => new(bytes[0], 0, 0),
        3 => new(bytes[0], bytes[1], bytes[2]),
        _ => throw new GpFormatException($"Privileges have 0, 1 or 3 bytes, got {bytes.Length}."),
    };

    public override string ToString()
    {
        var names = new List<string>();
        var rest = this;
        foreach (var (name, mask) in Named)
        {
            if (rest.Has(mask) && mask != None)
            {
                names.Add(name);
                rest = new((byte)(rest.Byte1 & ~mask.Byte1), (byte)(rest.Byte2 & ~mask.Byte2), (byte)(rest.Byte3 & ~mask.Byte3));
            }
        }
        var hex = $"{Byte1:X2}{Byte2:X2}{Byte3:X2}";
        return names.Count == 0 ? hex : $"{hex} ({string.Join(", ", names)})";
    }
}
