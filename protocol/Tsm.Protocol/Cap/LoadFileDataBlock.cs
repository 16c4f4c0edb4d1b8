using System.Security.Cryptography;

namespace Tsm.Protocol.Cap;

// Load File Data Block, GlobalPlatform Card Specification 2.2.1 §11.6.2.3 and
// Annex C.1: the complete CAP components concatenated in the order
// Header, Directory, Import, Applet, Class, Method, StaticField, Export,
// ConstantPool, RefLocation, Descriptor (absent ones skipped, Debug never sent).
// This is not the tag order in which converters store the ZIP entries.
// The first LOAD block starts with the tag C4 and a BER length (§11.6.2.3).

/// <summary>The bytes a GlobalPlatform LOAD sequence carries, with their SHA-1 and C4 header.</summary>
public sealed class LoadFileDataBlock
{
    /// <summary>GP 2.2.1 Annex C.1 component order.</summary>
    public static IReadOnlyList<CapComponentTag> GlobalPlatformOrder { get; } =
    [
        CapComponentTag.Header,
        CapComponentTag.Directory,
        CapComponentTag.Import,
        CapComponentTag.Applet,
        CapComponentTag.Class,
        CapComponentTag.Method,
        CapComponentTag.StaticField,
        CapComponentTag.Export,
        CapComponentTag.ConstantPool,
        CapComponentTag.RefLocation,
        CapComponentTag.Descriptor,
    ];

    /// <summary>Tag of the Load File Data Block TLV in the first LOAD command (GP 2.2.1 §11.6.2.3).</summary>
    public const byte Tag = 0xC4;

    private readonly byte[] _bytes;
    private readonly byte[] _sha1;
    private readonly byte[] _tlvHeader;

    private LoadFileDataBlock(byte[] bytes, IReadOnlyList<CapComponentTag> components)
    {
        _bytes = bytes;
        Components = components;
        // SHA-1 is what GP 2.2.1 §C.2 uses for the Load File Data Block Hash and what
        // requirement 5.4.2 asks of the CAP file; it is an integrity check here, not a security decision.
#pragma warning disable CA5350 // Do not use weak cryptographic algorithms
        _sha1 = SHA1.HashData(bytes);
#pragma warning restore CA5350
        _tlvHeader = EncodeTlvHeader(bytes.Length);
    }

    /// <summary>The concatenated components.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>Length of <see cref="Bytes"/>.</summary>
    public int Size => _bytes.Length;

    /// <summary>Components included, in load order.</summary>
    public IReadOnlyList<CapComponentTag> Components { get; }

    /// <summary>SHA-1 of <see cref="Bytes"/> (20 bytes).</summary>
    public ReadOnlyMemory<byte> Sha1 => _sha1;

    /// <summary>SHA-1 of <see cref="Bytes"/>, upper-case hex.</summary>
    public string Sha1Hex => Convert.ToHexString(_sha1);

    /// <summary>C4 tag plus BER length that precedes the block in the first LOAD command.</summary>
    public ReadOnlyMemory<byte> TlvHeader => _tlvHeader;

    /// <summary>
    /// Encodes C4 plus the BER-TLV definite length: one byte below 128, 81 xx up to 255,
    /// 82 xxxx up to 65535 and 83 xxxxxx beyond (a load file can exceed 64 KiB in total).
    /// </summary>
    public static byte[] EncodeTlvHeader(int length) => length switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(length), length, "Length must not be negative."),
        < 0x80 => [Tag, (byte)length],
        <= 0xFF => [Tag, 0x81, (byte)length],
        <= 0xFFFF => [Tag, 0x82, (byte)(length >> 8), (byte)length],
        <= 0xFFFFFF => [Tag, 0x83, (byte)(length >> 16), (byte)(length >> 8), (byte)length],
        _ => throw new ArgumentOutOfRangeException(nameof(length), length, "Length exceeds 16 MiB."),
    };

    internal static LoadFileDataBlock Build(
        IReadOnlyDictionary<CapComponentTag, CapComponent> components, bool includeDescriptor)
    {
        var included = new List<CapComponentTag>(GlobalPlatformOrder.Count);
        int total = 0;
        foreach (var tag in GlobalPlatformOrder)
        {
            if ((tag != CapComponentTag.Descriptor || includeDescriptor) && components.TryGetValue(tag, out var c))
            {
                included.Add(tag);
                total += c.Size;
            }
        }

        var bytes = new byte[total];
        int offset = 0;
        foreach (var tag in included)
        {
            var source = components[tag].Bytes.Span;
            source.CopyTo(bytes.AsSpan(offset));
            offset += source.Length;
        }

        return new LoadFileDataBlock(bytes, included);
    }
}
