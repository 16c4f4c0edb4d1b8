namespace Tsm.Protocol.Cap;

// Component tags, Java Card VM Specification §6.1 (Table 6-1, "CAP file
// component tags"); StaticResources (13) was added with CAP format 2.3
// (Java Card 3.1). The ZIP entry name of each component is its name plus
// ".cap", stored under "<package path>/javacard/" (§6.2).

/// <summary>Tag byte of a CAP component (JCVM spec §6.1).</summary>
public enum CapComponentTag : byte
{
    Header = 1,
    Directory = 2,
    Applet = 3,
    Import = 4,
    ConstantPool = 5,
    Class = 6,
    Method = 7,
    StaticField = 8,
    RefLocation = 9,
    Export = 10,
    Descriptor = 11,
    Debug = 12,
    StaticResources = 13,
}
