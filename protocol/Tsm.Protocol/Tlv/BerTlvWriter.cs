using System.Buffers;

namespace Tsm.Protocol.Tlv;

/// <summary>Writes BER-TLV elements to an <see cref="IBufferWriter{T}"/> with the shortest definite length form.</summary>
public static class BerTlvWriter
{
    /// <summary>Bytes a definite length field of <paramref name="length"/> takes: 1 below 128, else 1 + 1..4.</summary>
    public static int LengthFieldSize(int length) => length switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(length)),
        < 0x80 => 1,
        <= 0xFF => 2,
        <= 0xFFFF => 3,
        <= 0xFF_FFFF => 4,
        _ => 5,
    };

    /// <summary>Writes a definite length field and returns its size.</summary>
    public static int WriteLength(Span<byte> destination, int length)
    {
        var size = LengthFieldSize(length);
        if (size == 1)
        {
            destination[0] = (byte)length;
            return 1;
        }
        destination[0] = (byte)(0x80 | (size - 1));
        for (var i = 1; i < size; i++)
            destination[i] = (byte)(length >> (8 * (size - 1 - i)));
        return size;
    }

    /// <summary>Writes tag and definite length for a value of <paramref name="valueLength"/> bytes.</summary>
    public static void WriteHeader(IBufferWriter<byte> writer, BerTag tag, int valueLength)
    {
        ArgumentNullException.ThrowIfNull(writer);
        // tag (1..3) + length field (1..5)
        var size = tag.EncodedLength + LengthFieldSize(valueLength);
        var span = writer.GetSpan(size);
        var written = tag.WriteTo(span);
        written += WriteLength(span[written..], valueLength);
        writer.Advance(written);
    }

    /// <summary>Writes a primitive element.</summary>
    public static void WritePrimitive(IBufferWriter<byte> writer, BerTag tag, ReadOnlySpan<byte> value)
    {
        WriteHeader(writer, tag, value.Length);
        writer.Write(value);
    }

    /// <summary>Writes an element tree; constructed elements flagged indefinite use <c>80</c> … <c>00 00</c>.</summary>
    public static void Write(IBufferWriter<byte> writer, BerTlv element)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(element);
        if (!element.IsIndefinite)
        {
            WritePrimitiveOrConstructed(writer, element);
            return;
        }
        var span = writer.GetSpan(element.Tag.EncodedLength + 1);
        var n = element.Tag.WriteTo(span);
        span[n++] = 0x80;
        writer.Advance(n);
        foreach (var child in element.Children)
            Write(writer, child);
        writer.Write([(byte)0x00, (byte)0x00]);
    }

    private static void WritePrimitiveOrConstructed(IBufferWriter<byte> writer, BerTlv element)
    {
        if (element.Children.Count == 0)
        {
            WritePrimitive(writer, element.Tag, element.Value.Span);
            return;
        }
        var valueLength = element.Children.Sum(EncodedLength);
        WriteHeader(writer, element.Tag, valueLength);
        foreach (var child in element.Children)
            Write(writer, child);
    }

    /// <summary>The encoded size of an element tree.</summary>
    public static int EncodedLength(BerTlv element)
    {
        ArgumentNullException.ThrowIfNull(element);
        var valueLength = element.Children.Count == 0 ? element.Value.Length : element.Children.Sum(EncodedLength);
        return element.IsIndefinite
            ? element.Tag.EncodedLength + 1 + valueLength + 2
            : element.Tag.EncodedLength + LengthFieldSize(valueLength) + valueLength;
    }
}
