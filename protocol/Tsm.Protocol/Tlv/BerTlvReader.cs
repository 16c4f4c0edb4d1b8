namespace Tsm.Protocol.Tlv;

/// <summary>The header of one BER-TLV element as read from a buffer.</summary>
/// <param name="Tag">The element's tag.</param>
/// <param name="HeaderLength">Bytes of tag plus length field.</param>
/// <param name="ValueLength">Bytes of value (for indefinite length: up to, not including, the end-of-contents octets).</param>
/// <param name="IsIndefinite">The length field was <c>80</c> (ETSI TS 102 226 §5.2 expanded format uses it for AE/AF).</param>
public readonly record struct BerTlvHeader(BerTag Tag, int HeaderLength, int ValueLength, bool IsIndefinite)
{
    /// <summary>Bytes the whole element takes, including end-of-contents octets for indefinite length.</summary>
    public int TotalLength => HeaderLength + ValueLength + (IsIndefinite ? 2 : 0);
}

/// <summary>
/// Forward-only BER-TLV reader over a span (ISO/IEC 8825-1 §8.1; GP 2.2.1 Annex F): tags of up to
/// three bytes, definite lengths of one to four length bytes (<c>81</c>–<c>84</c>) and the indefinite form
/// (<c>80</c> … <c>00 00</c>) for constructed elements.
/// </summary>
public ref struct BerTlvReader
{
    /// <summary>Deepest nesting accepted, so hostile input cannot exhaust the stack.</summary>
    public const int MaxDepth = 32;

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _baseOffset;
    private int _position;

    public BerTlvReader(ReadOnlySpan<byte> buffer)
        : this(buffer, 0)
    {
    }

    private BerTlvReader(ReadOnlySpan<byte> buffer, int baseOffset)
    {
        _buffer = buffer;
        _baseOffset = baseOffset;
        _position = 0;
    }

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>Offset of the next element in the buffer given to the constructor.</summary>
    public readonly int Position => _position;

    /// <summary>Reads the next element; returns false at the end of the buffer.</summary>
    /// <exception cref="TlvFormatException">The element is malformed or truncated.</exception>
    public bool TryRead(out BerTlvHeader header, out ReadOnlySpan<byte> value)
    {
        if (_position >= _buffer.Length)
        {
            header = default;
            value = default;
            return false;
        }
        header = ReadHeader(_buffer[_position..], _baseOffset + _position, depth: 0);
        value = _buffer.Slice(_position + header.HeaderLength, header.ValueLength);
        _position += header.TotalLength;
        return true;
    }

    /// <summary>Parses the header of the element at the start of <paramref name="span"/> and checks that the whole element is present.</summary>
    /// <exception cref="TlvFormatException">The element is malformed or truncated.</exception>
    public static BerTlvHeader ReadHeader(ReadOnlySpan<byte> span, int offset = 0) => ReadHeader(span, offset, 0);

    private static BerTlvHeader ReadHeader(ReadOnlySpan<byte> span, int offset, int depth)
    {
        if (depth > MaxDepth)
            throw new TlvFormatException("TLV nesting is too deep", offset);
        var pos = 0;
        var tag = ReadTag(span, offset, ref pos);
        if (pos >= span.Length)
            throw new TlvFormatException($"Tag {tag} has no length", offset + pos);
        var first = span[pos++];
        if (first == 0x80)
        {
            if (!tag.IsConstructed)
                throw new TlvFormatException($"Indefinite length on primitive tag {tag}", offset);
            var valueLength = MeasureIndefiniteValue(span[pos..], offset + pos, depth + 1);
            return new BerTlvHeader(tag, pos, valueLength, IsIndefinite: true);
        }
        int length;
        if (first < 0x80)
        {
            length = first;
        }
        else
        {
            var count = first & 0x7F;
            if (count > 4)
                throw new TlvFormatException($"Length field of {count} bytes is not supported", offset + pos - 1);
            if (pos + count > span.Length)
                throw new TlvFormatException("Length field is truncated", offset + pos);
            long value = 0;
            for (var i = 0; i < count; i++)
                value = (value << 8) | span[pos++];
            if (value > int.MaxValue)
                throw new TlvFormatException("Length is too large", offset);
            length = (int)value;
        }
        if (length > span.Length - pos)
            throw new TlvFormatException($"Value of tag {tag} needs {length} bytes, {span.Length - pos} left", offset + pos);
        return new BerTlvHeader(tag, pos, length, IsIndefinite: false);
    }

    private static BerTag ReadTag(ReadOnlySpan<byte> span, int offset, ref int pos)
    {
        if (pos >= span.Length)
            throw new TlvFormatException("Missing tag", offset + pos);
        var first = span[pos++];
        // 00 is never a tag (it would be end-of-contents or padding). FF is allowed as the first byte of a
        // multi-byte tag: ETSI TS 102 226 §8.2.1.7.2 defines FF21 (extended card resources), which GET DATA returns.
        if (first == 0x00)
            throw new TlvFormatException($"Byte {first:X2} is not a valid tag", offset + pos - 1);
        uint value = first;
        if ((first & 0x1F) != 0x1F)
            return new BerTag(value);
        // Subsequent tag bytes carry b8 = 1 while more follow (ISO/IEC 8825-1 §8.1.2.4).
        for (var i = 0; i < 2; i++)
        {
            if (pos >= span.Length)
                throw new TlvFormatException("Tag is truncated", offset + pos);
            var next = span[pos++];
            value = (value << 8) | next;
            if ((next & 0x80) == 0)
                return new BerTag(value);
        }
        throw new TlvFormatException("Tag longer than three bytes", offset);
    }

    private static int MeasureIndefiniteValue(ReadOnlySpan<byte> span, int offset, int depth)
    {
        var pos = 0;
        while (true)
        {
            if (span.Length - pos < 2)
                throw new TlvFormatException("Indefinite length without end-of-contents", offset + pos);
            if (span[pos] == 0x00 && span[pos + 1] == 0x00)
                return pos;
            var child = ReadHeader(span[pos..], offset + pos, depth);
            pos += child.TotalLength;
        }
    }
}
