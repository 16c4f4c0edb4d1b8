using Tsm.Protocol.Apdu;

namespace Tsm.Protocol.GlobalPlatform;

/// <summary>
/// A bounds-checked cursor over command or response data for the length-value (LV) structures of GP 2.2.1
/// chapter 11 (INSTALL, PUT KEY, legacy GET STATUS). Every overrun raises <see cref="GpFormatException"/>.
/// </summary>
internal ref struct GpReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _what;
    private int _position;

    public GpReader(ReadOnlySpan<byte> data, string what)
    {
        _data = data;
        _what = what;
        _position = 0;
    }

    public readonly int Remaining => _data.Length - _position;

    public readonly bool IsAtEnd => _position >= _data.Length;

    public byte ReadByte()
    {
        if (_position >= _data.Length)
            throw Error("is truncated");
        return _data[_position++];
    }

    public ReadOnlySpan<byte> Read(int count)
    {
        if (count < 0 || count > Remaining)
            throw Error($"needs {count} bytes at offset {_position}, {Remaining} left");
        var result = _data.Slice(_position, count);
        _position += count;
        return result;
    }

    public ReadOnlySpan<byte> ReadRest() => Read(Remaining);

    /// <summary>A value preceded by a one-byte length.</summary>
    public ReadOnlySpan<byte> ReadLv() => Read(ReadByte());

    /// <summary>
    /// A value preceded by a BER length (<c>00-7F</c>, <c>81 xx</c>, <c>82 xx xx</c>). GP also allows <c>80</c>
    /// alone for 128 in tokens and key data (§11.5.2.3.1, §11.8.2.3.1), so it is accepted here.
    /// </summary>
    public ReadOnlySpan<byte> ReadBerLv()
    {
        int length = ReadByte();
        if (length == 0x81)
            length = ReadByte();
        else if (length == 0x82)
            length = (ReadByte() << 8) | ReadByte();
        else if (length > 0x81)
            throw Error($"has an unsupported length byte {length:X2}");
        return Read(length);
    }

    public Aid ReadAid() => ToAid(ReadLv());

    /// <summary>An AID LV where length 00 means absent.</summary>
    public Aid? ReadOptionalAid()
    {
        var value = ReadLv();
        return value.IsEmpty ? null : ToAid(value);
    }

    public readonly void ExpectEnd()
    {
        if (!IsAtEnd)
            throw Error($"has {Remaining} trailing bytes");
    }

    public readonly GpFormatException Error(string message) => new($"{_what} {message}.");

    private readonly Aid ToAid(ReadOnlySpan<byte> value)
    {
        if (value.Length is < Aid.MinLength or > Aid.MaxLength)
            throw Error($"contains an AID of {value.Length} bytes");
        return Aid.FromBytes(value);
    }
}

/// <summary>Encoding helpers shared by the command types.</summary>
internal static class GpEncoding
{
    /// <summary>Class byte of GlobalPlatform proprietary commands without secure messaging (§11.1.4).</summary>
    public const byte ProprietaryCla = 0x80;

    public static void WriteLv(List<byte> buffer, ReadOnlySpan<byte> value)
    {
        if (value.Length > 0xFF)
            throw new ArgumentException("An LV value holds at most 255 bytes.", nameof(value));
        buffer.Add((byte)value.Length);
        buffer.AddRange(value);
    }

    public static void WriteAid(List<byte> buffer, Aid? aid) => WriteLv(buffer, aid is null ? [] : aid.Span);

    /// <summary>BER length (1 byte below 128, else 81 xx / 82 xx xx) followed by the value.</summary>
    public static void WriteBerLv(List<byte> buffer, ReadOnlySpan<byte> value)
    {
        if (value.Length > 0xFFFF)
            throw new ArgumentException("A value holds at most 65535 bytes.", nameof(value));
        if (value.Length >= 0x100)
            buffer.AddRange([0x82, (byte)(value.Length >> 8), (byte)value.Length]);
        else if (value.Length >= 0x80)
            buffer.AddRange([0x81, (byte)value.Length]);
        else
            buffer.Add((byte)value.Length);
        buffer.AddRange(value);
    }

    /// <summary>Appends one primitive BER-TLV (tag of 1-2 bytes).</summary>
    public static void WriteTlv(List<byte> buffer, uint tag, ReadOnlySpan<byte> value)
    {
        if (tag > 0xFF)
            buffer.Add((byte)(tag >> 8));
        buffer.Add((byte)tag);
        WriteBerLv(buffer, value);
    }

    /// <summary>Checks CLA (GP proprietary, b8 set) and INS of an incoming command.</summary>
    public static void CheckHeader(CommandApdu apdu, byte ins, string name, bool proprietary = true)
    {
        ArgumentNullException.ThrowIfNull(apdu);
        if (apdu.Ins != ins)
            throw new GpFormatException($"INS {apdu.Ins:X2} is not {name} ({ins:X2}).");
        if (proprietary && (apdu.Cla & 0x80) == 0)
            throw new GpFormatException($"CLA {apdu.Cla:X2} is not a GlobalPlatform class for {name}.");
    }

    /// <summary>A big-endian unsigned value of 1 to 4 bytes (memory sizes, counters).</summary>
    public static long ReadUnsigned(ReadOnlySpan<byte> value, string what)
    {
        if (value.Length is < 1 or > 4)
            throw new GpFormatException($"{what} has {value.Length} bytes, expected 1 to 4.");
        long result = 0;
        foreach (var b in value)
            result = (result << 8) | b;
        return result;
    }

    /// <summary>A big-endian value in exactly <paramref name="size"/> bytes.</summary>
    public static byte[] Unsigned(long value, int size)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++)
            bytes[i] = (byte)(value >> (8 * (size - 1 - i)));
        return bytes;
    }
}
