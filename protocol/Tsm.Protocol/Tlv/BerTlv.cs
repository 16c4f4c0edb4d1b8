using System.Buffers;

namespace Tsm.Protocol.Tlv;

/// <summary>
/// One BER-TLV element as a tree: primitive elements carry a value, constructed ones their children.
/// Used where a whole structure is easier to handle than a reader (GET STATUS entries, scripts, tests).
/// </summary>
public sealed class BerTlv : IEquatable<BerTlv>
{
    private static readonly IReadOnlyList<BerTlv> NoChildren = [];

    private BerTlv(BerTag tag, ReadOnlyMemory<byte> value, IReadOnlyList<BerTlv> children, bool isIndefinite)
    {
        Tag = tag;
        Value = value;
        Children = children;
        IsIndefinite = isIndefinite;
    }

    public BerTag Tag { get; }

    /// <summary>The value bytes (for a constructed element: the encoded children).</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>Child elements of a constructed element; empty for a primitive one.</summary>
    public IReadOnlyList<BerTlv> Children { get; }

    /// <summary>Encode (or was decoded) with the indefinite length form.</summary>
    public bool IsIndefinite { get; }

    public static BerTlv Primitive(BerTag tag, ReadOnlySpan<byte> value)
    {
        if (tag.IsConstructed)
            throw new ArgumentException($"Tag {tag} is constructed.", nameof(tag));
        return new BerTlv(tag, value.ToArray(), NoChildren, false);
    }

    public static BerTlv Constructed(BerTag tag, params IEnumerable<BerTlv> children) => Constructed(tag, false, children);

    public static BerTlv Constructed(BerTag tag, bool indefinite, IEnumerable<BerTlv> children)
    {
        if (!tag.IsConstructed)
            throw new ArgumentException($"Tag {tag} is primitive.", nameof(tag));
        var list = children.ToArray();
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var child in list)
            BerTlvWriter.Write(buffer, child);
        return new BerTlv(tag, buffer.WrittenMemory, list, indefinite);
    }

    /// <summary>Parses every element in <paramref name="data"/>.</summary>
    /// <exception cref="TlvFormatException">Malformed input.</exception>
    public static IReadOnlyList<BerTlv> ParseAll(ReadOnlyMemory<byte> data) => ParseAll(data, 0, 0);

    /// <summary>Parses exactly one element that spans all of <paramref name="data"/>.</summary>
    /// <exception cref="TlvFormatException">Malformed input or trailing bytes.</exception>
    public static BerTlv Parse(ReadOnlyMemory<byte> data)
    {
        var all = ParseAll(data);
        if (all.Count != 1)
            throw new TlvFormatException($"Expected one TLV element, found {all.Count}", 0);
        return all[0];
    }

    private static List<BerTlv> ParseAll(ReadOnlyMemory<byte> data, int offset, int depth)
    {
        if (depth > BerTlvReader.MaxDepth)
            throw new TlvFormatException("TLV nesting is too deep", offset);
        var result = new List<BerTlv>();
        var pos = 0;
        while (pos < data.Length)
        {
            var header = BerTlvReader.ReadHeader(data.Span[pos..], offset + pos);
            var value = data.Slice(pos + header.HeaderLength, header.ValueLength);
            var children = header.Tag.IsConstructed
                ? ParseAll(value, offset + pos + header.HeaderLength, depth + 1)
                : (IReadOnlyList<BerTlv>)NoChildren;
            result.Add(new BerTlv(header.Tag, value, children, header.IsIndefinite));
            pos += header.TotalLength;
        }
        return result;
    }

    /// <summary>The first child with <paramref name="tag"/>, or null.</summary>
    public BerTlv? Find(BerTag tag)
    {
        foreach (var child in Children)
        {
            if (child.Tag == tag)
                return child;
        }
        return null;
    }

    /// <summary>Every child with <paramref name="tag"/>.</summary>
    public IEnumerable<BerTlv> FindAll(BerTag tag) => Children.Where(c => c.Tag == tag);

    /// <summary>The encoded element.</summary>
    public byte[] ToArray()
    {
        var buffer = new ArrayBufferWriter<byte>(BerTlvWriter.EncodedLength(this));
        BerTlvWriter.Write(buffer, this);
        return buffer.WrittenSpan.ToArray();
    }

    public bool Equals(BerTlv? other) =>
        other is not null && Tag == other.Tag && IsIndefinite == other.IsIndefinite && Value.Span.SequenceEqual(other.Value.Span);

    public override bool Equals(object? obj) => Equals(obj as BerTlv);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Tag);
        hash.AddBytes(Value.Span);
        return hash.ToHashCode();
    }

    public override string ToString() => $"{Tag} {Hex.Format(Value.Span)}";
}
