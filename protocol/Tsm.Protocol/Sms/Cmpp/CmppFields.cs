using System.Buffers.Binary;
using System.Text;

namespace Tsm.Protocol.Sms.Cmpp;

/// <summary>
/// Reads the fixed-width fields of a CMPP body. Octet Strings are fixed-length and NUL-padded on the right
/// (docs/sms.md "CMPP 2.0 / 3.0"); they are read as Latin-1 (lossless for any byte) with trailing NULs removed.
/// </summary>
internal ref struct CmppBodyReader(ReadOnlySpan<byte> body)
{
    private readonly ReadOnlySpan<byte> _body = body;
    private int _position;

    public readonly int Remaining => _body.Length - _position;

    public readonly int Position => _position;

    public byte U8() => Take(1, "an octet")[0];

    public uint U32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4, "a 4-octet integer"));

    public ulong U64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8, "an 8-octet integer"));

    /// <summary>A 1- or 4-octet Status/Result field.</summary>
    public uint Result(int width) => width == 1 ? U8() : U32();

    public string Text(int width, string field) => CmppText.Decode(Take(width, field));

    public ReadOnlySpan<byte> Bytes(int width, string field) => Take(width, field);

    /// <summary>Fails when bytes remain: the announced length and the fields disagree.</summary>
    public readonly void End(string pdu)
    {
        if (Remaining != 0)
            throw new CmppFormatException($"{pdu}: {Remaining} bytes after the last field", CmppHeader.Length + _position);
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (Remaining < count)
            throw new CmppFormatException($"truncated body: {what} needs {count} bytes, {Remaining} left", CmppHeader.Length + _position);
        var slice = _body.Slice(_position, count);
        _position += count;
        return slice;
    }
}

/// <summary>Writes the fixed-width fields of a CMPP body into a span sized by the PDU's length sum.</summary>
internal ref struct CmppBodyWriter(Span<byte> body)
{
    private readonly Span<byte> _body = body;
    private int _position;

    public readonly int Position => _position;

    public void U8(byte value) => _body[_position++] = value;

    public void U32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_body[_position..], value);
        _position += 4;
    }

    public void U64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_body[_position..], value);
        _position += 8;
    }

    public void Result(uint value, int width)
    {
        if (width == 1)
            U8(checked((byte)value));
        else
            U32(value);
    }

    public void Text(string? value, int width)
    {
        var field = _body.Slice(_position, width);
        CmppText.Encode(value, field);
        _position += width;
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_body[_position..]);
        _position += value.Length;
    }

    /// <summary>Exactly <paramref name="width"/> bytes: <paramref name="value"/> NUL-padded on the right.</summary>
    public void Bytes(ReadOnlySpan<byte> value, int width)
    {
        var field = _body.Slice(_position, width);
        value.CopyTo(field);
        field[value.Length..].Clear();
        _position += width;
    }
}

/// <summary>Octet String text: Latin-1 so every byte maps to one char; trailing NULs are padding.</summary>
public static class CmppText
{
    /// <summary>The text of a NUL-padded field (no allocation for an empty field).</summary>
    public static string Decode(ReadOnlySpan<byte> field)
    {
        var end = field.LastIndexOfAnyExcept((byte)0);
        return end < 0 ? string.Empty : Encoding.Latin1.GetString(field[..(end + 1)]);
    }

    /// <summary>Writes <paramref name="value"/> and NUL-pads the rest of <paramref name="field"/>.</summary>
    /// <exception cref="ArgumentException">The text is longer than the field or has a char above U+00FF.</exception>
    public static void Encode(string? value, Span<byte> field)
    {
        value ??= string.Empty;
        if (value.Length > field.Length)
            throw new ArgumentException($"'{value}' is longer than its {field.Length}-octet field", nameof(value));
        foreach (var c in value)
        {
            if (c > '\u00FF')
                throw new ArgumentException($"'{value}' has a character outside Latin-1", nameof(value));
        }
        Encoding.Latin1.GetBytes(value, field);
        field[value.Length..].Clear();
    }

    /// <summary>Throws when <paramref name="value"/> cannot fill a field of <paramref name="width"/> octets.</summary>
    public static void Check(string? value, int width, string field)
    {
        if (value is not null && value.Length > width)
            throw new ArgumentException($"{field} '{value}' is longer than {width} octets", field);
    }
}
