namespace Tsm.Protocol.Cap;

// Header component flags, JCVM spec §6.4 (Table 6-3); ACC_EXTENDED is from
// the Java Card 3.1 specification (extended CAP format).

/// <summary>Flags byte of the Header component.</summary>
[Flags]
public enum CapHeaderFlags : byte
{
    None = 0,

    /// <summary>ACC_INT: the package uses the int type.</summary>
    Int = 0x01,

    /// <summary>ACC_EXPORT: the CAP file has an Export component.</summary>
    Export = 0x02,

    /// <summary>ACC_APPLET: the CAP file has an Applet component.</summary>
    Applet = 0x04,

    /// <summary>ACC_EXTENDED: extended CAP format (Java Card 3.1), not supported by this reader.</summary>
    Extended = 0x08,
}
