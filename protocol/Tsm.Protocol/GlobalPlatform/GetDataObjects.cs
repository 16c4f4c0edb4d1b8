using System.Globalization;
using System.Text;
using Tsm.Protocol.Tlv;

namespace Tsm.Protocol.GlobalPlatform;

/// <summary>Shared handling of GET DATA responses that may come with or without their outer tag (GP 2.2.1 §11.3.3.1).</summary>
internal static class DataObject
{
    /// <summary>
    /// The value of <paramref name="tag"/> when the data is exactly that TLV, else null. The tag is matched by hand
    /// because BerTlvReader follows ISO/IEC 7816-4 in refusing FF as a first tag byte, while GET DATA uses FF21.
    /// </summary>
    public static byte[]? Unwrap(ReadOnlySpan<byte> data, uint tag)
    {
        var tagLength = new BerTag(tag).EncodedLength;
        if (data.Length < tagLength + 1 || ReadTag(data, tagLength) != tag)
            return null;
        var r = new GpReader(data[tagLength..], $"Data object {new BerTag(tag)}");
        var value = r.ReadBerLv();
        r.ExpectEnd();
        return value.ToArray();
    }

    private static uint ReadTag(ReadOnlySpan<byte> data, int length)
    {
        uint value = 0;
        for (var i = 0; i < length; i++)
            value = (value << 8) | data[i];
        return value;
    }

    public static byte[] Wrap(uint tag, ReadOnlySpan<byte> value)
    {
        var result = new List<byte>();
        GpEncoding.WriteTlv(result, tag, value);
        return [.. result];
    }
}

/// <summary>
/// Card Recognition Data (GP 2.2.1 Appendix H.2, GET DATA <c>66</c>): <c>66</c> { <c>73</c> { <c>06</c> GP OID
/// 1.2.840.114283.1, <c>60</c> card management type and version (OID 1.2.840.114283.2.v…), <c>63</c> card
/// identification scheme, <c>64</c> secure channel OID 1.2.840.114283.4.scp.i, … } }. Every element is optional.
/// </summary>
public sealed record CardData(string? GpVersion, byte? ScpId, byte? ScpI, ValueList<string> Oids)
{
    public const uint OuterTag = 0x66;
    public const uint RecognitionDataTag = 0x73;
    public const uint OidTag = 0x06;
    public const uint VersionTag = 0x60;
    public const uint IdentificationSchemeTag = 0x63;
    public const uint ScpTag = 0x64;

    private const string GpOid = "1.2.840.114283";

    /// <summary>Card side: builds card data for a GP version such as "2.2.1" and an SCP such as 02 / 15.</summary>
    public static byte[] Encode(string gpVersion, byte scpId, byte scpI)
    {
        ArgumentNullException.ThrowIfNull(gpVersion);
        var inner = new List<byte>();
        GpEncoding.WriteTlv(inner, OidTag, Oid.Encode($"{GpOid}.1"));
        GpEncoding.WriteTlv(inner, VersionTag, DataObject.Wrap(OidTag, Oid.Encode($"{GpOid}.2.{gpVersion}")));
        GpEncoding.WriteTlv(inner, IdentificationSchemeTag, DataObject.Wrap(OidTag, Oid.Encode($"{GpOid}.3")));
        GpEncoding.WriteTlv(inner, ScpTag, DataObject.Wrap(OidTag, Oid.Encode(string.Create(CultureInfo.InvariantCulture, $"{GpOid}.4.{scpId}.{scpI}"))));
        return DataObject.Wrap(OuterTag, DataObject.Wrap(RecognitionDataTag, inner.ToArray()));
    }

    /// <exception cref="GpFormatException">Broken TLV or OID encoding.</exception>
    public static CardData Parse(ReadOnlySpan<byte> data) =>
        GpFormatException.Guard("card data", data, static d =>
        {
            var value = DataObject.Unwrap(d, OuterTag) ?? d.ToArray();
            var root = BerTlv.Parse(value);
            if (root.Tag.Value != RecognitionDataTag)
                throw new GpFormatException($"Card data holds tag {root.Tag}, expected 73.");
            string? version = null;
            byte? scp = null, i = null;
            var oids = new List<string>();
            foreach (var child in root.Children)
            {
                var oidBytes = child.Tag.Value == OidTag ? child.Value : child.Find(OidTag)?.Value;
                if (oidBytes is not { } bytes)
                    continue;
                var oid = Oid.Decode(bytes.Span);
                oids.Add(oid);
                if (child.Tag.Value == VersionTag && oid.StartsWith($"{GpOid}.2.", StringComparison.Ordinal))
                    version = oid[($"{GpOid}.2.".Length)..];
                if (child.Tag.Value == ScpTag && oid.StartsWith($"{GpOid}.4.", StringComparison.Ordinal))
                {
                    var parts = oid[($"{GpOid}.4.".Length)..].Split('.');
                    if (parts.Length >= 2
                        && byte.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var s)
                        && byte.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var p))
                    {
                        scp = s;
                        i = p;
                    }
                }
            }
            return new CardData(version, scp, i, new ValueList<string>(oids));
        });
}

/// <summary>ASN.1 object identifier content octets (ISO/IEC 8825-1 §8.19) to and from dotted text.</summary>
internal static class Oid
{
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
            throw new GpFormatException("Empty OID.");
        var arcs = new List<ulong>();
        ulong current = 0;
        var pending = false;
        foreach (var b in bytes)
        {
            if (current > (ulong.MaxValue >> 7))
                throw new GpFormatException("OID arc is too large.");
            current = (current << 7) | (uint)(b & 0x7F);
            pending = (b & 0x80) != 0;
            if (!pending)
            {
                arcs.Add(current);
                current = 0;
            }
        }
        if (pending)
            throw new GpFormatException("OID ends inside an arc.");
        var first = arcs[0];
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{(first < 80 ? first / 40 : 2)}.{(first < 80 ? first % 40 : first - 80)}");
        foreach (var arc in arcs.Skip(1))
            text.Append(CultureInfo.InvariantCulture, $".{arc}");
        return text.ToString();
    }

    public static byte[] Encode(string dotted)
    {
        var arcs = dotted.Split('.').Select(a => ulong.Parse(a, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        if (arcs.Length < 2)
            throw new ArgumentException("An OID has at least two arcs.", nameof(dotted));
        var result = new List<byte>();
        foreach (var arc in new[] { (arcs[0] * 40) + arcs[1] }.Concat(arcs.Skip(2)))
        {
            var chunk = new Stack<byte>();
            var v = arc;
            chunk.Push((byte)(v & 0x7F));
            while ((v >>= 7) != 0)
                chunk.Push((byte)(0x80 | (v & 0x7F)));
            result.AddRange(chunk);
        }
        return [.. result];
    }
}

/// <summary>One key component's type and length in key information data (GP 2.2.1 §11.3.3.1; types §11.1.8).</summary>
public readonly record struct KeyComponentInfo(ushort Type, int Length);

/// <summary>
/// One <c>C0</c> key information entry (GP 2.2.1 §11.3.3.1): key id, KVN, and the components. The basic form
/// (Table 11-27) has 1-byte types and lengths; the extended form (Table 11-28, types <c>FF xx</c>) has 2-byte
/// types and lengths followed by key usage and key access LVs.
/// </summary>
public sealed record KeyInformation(byte KeyId, byte KeyVersionNumber, ValueList<KeyComponentInfo> Components, bool IsExtended = false, byte? Usage = null, byte? Access = null)
{
    public const uint TemplateTag = 0xE0;
    public const uint EntryTag = 0xC0;

    // GP 2.2.1 §11.1.8 Table 11-10
    public const byte DesType = 0x80;
    public const byte AesType = 0x88;

    /// <summary>The value of one <c>C0</c>.</summary>
    public byte[] ToArray()
    {
        var data = new List<byte> { KeyId, KeyVersionNumber };
        foreach (var c in Components)
        {
            if (IsExtended)
                data.AddRange([(byte)(c.Type >> 8), (byte)c.Type, (byte)(c.Length >> 8), (byte)c.Length]);
            else
                data.AddRange([(byte)c.Type, (byte)c.Length]);
        }
        if (IsExtended)
        {
            data.AddRange(Usage is { } u ? [0x01, u] : [0x00]);
            data.AddRange(Access is { } a ? [0x01, a] : [0x00]);
        }
        return [.. data];
    }

    /// <summary>Card side: the <c>E0</c> template for GET DATA.</summary>
    public static byte[] Encode(IEnumerable<KeyInformation> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var inner = new List<byte>();
        foreach (var key in keys)
            GpEncoding.WriteTlv(inner, EntryTag, key.ToArray());
        return DataObject.Wrap(TemplateTag, inner.ToArray());
    }

    /// <summary>Decodes <c>E0</c> { <c>C0</c>… } or bare <c>C0</c> elements.</summary>
    /// <exception cref="GpFormatException">Malformed data.</exception>
    public static ValueList<KeyInformation> Parse(ReadOnlySpan<byte> data) =>
        GpFormatException.Guard("key information", data, static d =>
        {
            var value = DataObject.Unwrap(d, TemplateTag) ?? d.ToArray();
            var keys = new List<KeyInformation>();
            var reader = new BerTlvReader(value);
            while (reader.TryRead(out var header, out var entry))
            {
                if (header.Tag.Value != EntryTag)
                    throw new GpFormatException($"Key information holds tag {header.Tag}, expected C0.");
                keys.Add(ParseEntry(entry));
            }
            return new ValueList<KeyInformation>(keys);
        });

    private static KeyInformation ParseEntry(ReadOnlySpan<byte> entry)
    {
        var r = new GpReader(entry, "Key information entry");
        var id = r.ReadByte();
        var kvn = r.ReadByte();
        var components = new List<KeyComponentInfo>();
        var extended = r.Remaining > 0 && entry[2] == 0xFF;
        if (!extended)
        {
            do
                components.Add(new KeyComponentInfo(r.ReadByte(), r.ReadByte()));
            while (!r.IsAtEnd);
            return new KeyInformation(id, kvn, new ValueList<KeyComponentInfo>(components));
        }
        // Extended: components while the next byte is FF, then usage LV and access LV.
        while (r.Remaining > 0 && entry[entry.Length - r.Remaining] == 0xFF)
        {
            var type = (ushort)((r.ReadByte() << 8) | r.ReadByte());
            var length = (r.ReadByte() << 8) | r.ReadByte();
            components.Add(new KeyComponentInfo(type, length));
        }
        var usage = OptionalByte(ref r);
        var access = OptionalByte(ref r);
        r.ExpectEnd();
        return new KeyInformation(id, kvn, new ValueList<KeyComponentInfo>(components), true, usage, access);
    }

    private static byte? OptionalByte(ref GpReader r)
    {
        var v = r.ReadLv();
        return v.Length switch
        {
            0 => null,
            1 => v[0],
            _ => throw r.Error($"has a key usage or access of {v.Length} bytes"),
        };
    }
}

/// <summary>The sequence counter of the default key version (GP 2.2.1 §11.3, tag <c>C1</c>): 2 bytes for SCP02.</summary>
public static class SequenceCounter
{
    public const uint Tag = 0xC1;

    /// <exception cref="GpFormatException">Not 2 bytes (with or without <c>C1 02</c>).</exception>
    public static ushort Parse(ReadOnlySpan<byte> data) =>
        GpFormatException.Guard("sequence counter", data, static d =>
        {
            var value = DataObject.Unwrap(d, Tag) ?? d.ToArray();
            return value.Length == 2 ? (ushort)((value[0] << 8) | value[1]) : throw new GpFormatException($"Sequence counter has {value.Length} bytes.");
        });

    public static byte[] Encode(ushort counter) => DataObject.Wrap(Tag, [(byte)(counter >> 8), (byte)counter]);
}

/// <summary>
/// Extended card resources (GET DATA <c>FF21</c>, ETSI TS 102 226 §8.2.1.7.2; GP 2.2.1 §11.3.3.1): <c>81</c>
/// installed applications, <c>82</c> free non-volatile memory, <c>83</c> free volatile memory, each 1-4 bytes.
/// </summary>
public sealed record ExtendedCardResources(int InstalledApplications, long FreeNonVolatileMemory, long FreeVolatileMemory)
{
    public const uint Tag = 0xFF21;
    public const uint ApplicationsTag = 0x81;
    public const uint NonVolatileTag = 0x82;
    public const uint VolatileTag = 0x83;

    /// <summary>Card side: 2 bytes for the count and 4 for the sizes, as cards commonly answer.</summary>
    public byte[] ToArray()
    {
        var inner = new List<byte>();
        GpEncoding.WriteTlv(inner, ApplicationsTag, GpEncoding.Unsigned(InstalledApplications, 2));
        GpEncoding.WriteTlv(inner, NonVolatileTag, GpEncoding.Unsigned(FreeNonVolatileMemory, 4));
        GpEncoding.WriteTlv(inner, VolatileTag, GpEncoding.Unsigned(FreeVolatileMemory, 4));
        return DataObject.Wrap(Tag, inner.ToArray());
    }

    /// <exception cref="GpFormatException">Broken TLV, missing element or a value of more than 4 bytes.</exception>
    public static ExtendedCardResources Parse(ReadOnlySpan<byte> data) =>
        GpFormatException.Guard("extended card resources", data, static d =>
        {
            var value = DataObject.Unwrap(d, Tag) ?? d.ToArray();
            long? apps = null, nvm = null, ram = null;
            var reader = new BerTlvReader(value);
            while (reader.TryRead(out var header, out var v))
            {
                switch (header.Tag.Value)
                {
                    case ApplicationsTag: apps = GpEncoding.ReadUnsigned(v, "81"); break;
                    case NonVolatileTag: nvm = GpEncoding.ReadUnsigned(v, "82"); break;
                    case VolatileTag: ram = GpEncoding.ReadUnsigned(v, "83"); break;
                    default: break;
                }
            }
            if (apps is null || nvm is null || ram is null)
                throw new GpFormatException("Extended card resources need 81, 82 and 83.");
            if (apps > int.MaxValue)
                throw new GpFormatException("Installed application count is too large.");
            return new ExtendedCardResources((int)apps.Value, nvm.Value, ram.Value);
        });
}
