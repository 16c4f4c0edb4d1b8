using CsCheck;
using Tsm.Protocol.Tlv;

namespace Tsm.Protocol.Tests.Tlv;

/// <summary>CsCheck generators of BER tags and TLV trees that obey ISO/IEC 8825-1 §8.1.2.</summary>
internal static class BerTlvGenerators
{
    /// <summary>Class bits (b8 b7) and the constructed bit (b6) of a first tag byte.</summary>
    private static Gen<byte> FirstBits(bool constructed) =>
        Gen.OneOf<byte>(0x00, 0x40, 0x80, 0xC0).Select(c => (byte)(c | (constructed ? 0x20 : 0x00)));

    /// <summary>A tag of one to three bytes: low-tag-number form, or 1F then subsequent bytes with b8 = 1 except the last.</summary>
    public static Gen<BerTag> Tag(bool constructed) =>
        Gen.Frequency(
            (4, Gen.Select(FirstBits(constructed), Gen.Byte[0, 0x1E])
                .Where((bits, n) => (bits | n) != 0) // 00 is not a tag
                .Select((bits, n) => new BerTag((uint)(bits | n)))),
            (2, Gen.Select(FirstBits(constructed), Gen.Byte[0x1F, 0x7F])
                .Select((bits, b2) => new BerTag((uint)(((bits | 0x1F) << 8) | b2)))),
            (1, Gen.Select(FirstBits(constructed), Gen.Byte[0x81, 0xFF], Gen.Byte[0x00, 0x7F])
                .Select((bits, b2, b3) => new BerTag((uint)(((bits | 0x1F) << 16) | (b2 << 8) | b3)))));

    /// <summary>Values of 0–300 bytes, weighted so that one-, 81- and 82-form lengths all occur.</summary>
    public static Gen<byte[]> Value =>
        Gen.Frequency((4, Gen.Byte.Array[0, 127]), (2, Gen.Byte.Array[128, 255]), (1, Gen.Byte.Array[256, 300]));

    public static Gen<BerTlv> Primitive => Gen.Select(Tag(false), Value).Select((t, v) => BerTlv.Primitive(t, v));

    /// <summary>Trees up to <paramref name="depth"/> levels of constructed elements, definite and indefinite.</summary>
    public static Gen<BerTlv> Tree(int depth = 3) =>
        depth == 0
            ? Primitive
            : Gen.Frequency(
                (3, Primitive),
                (2, Gen.Select(Tag(true), Tree(depth - 1).Array[0, 4], Gen.Bool)
                    .Select((t, children, indefinite) => BerTlv.Constructed(t, indefinite, children))));

    /// <summary>A sequence of top-level elements.</summary>
    public static Gen<BerTlv[]> Elements => Tree().Array[1, 4];

    public static byte[] Encode(IEnumerable<BerTlv> elements) => elements.SelectMany(e => e.ToArray()).ToArray();
}
