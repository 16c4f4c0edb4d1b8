namespace Tsm.Protocol.Cap;

// One complete CAP component as stored in its ZIP entry, JCVM spec §6.1:
// component { u1 tag; u2 size; u1 info[size] }. Size here is the whole entry
// (3 + size), which is what the GlobalPlatform load file data block carries.

/// <summary>A complete component: tag, u2 size and body, exactly as in the CAP file.</summary>
public sealed record CapComponent(CapComponentTag Tag, ReadOnlyMemory<byte> Bytes)
{
    /// <summary>Component name as used in the ZIP entry name, e.g. "ConstantPool".</summary>
    public string Name => Tag.ToString();

    /// <summary>Whole component size in bytes: tag u1 + size u2 + body.</summary>
    public int Size => Bytes.Length;

    /// <summary>The info[] bytes after the tag and u2 size.</summary>
    public ReadOnlyMemory<byte> Body => Bytes[3..];
}
