using System.Buffers.Binary;

namespace Tsm.Protocol.Cap;

// Bounds-checked big-endian cursor over one component's bytes (JCVM spec §6.1:
// all multi-byte quantities are big-endian u2/u4). Every overrun becomes a
// CapFormatException naming the component, never an IndexOutOfRangeException.

/// <summary>Reads u1/u2/u4 and byte runs from a component, throwing <see cref="CapFormatException"/> on overrun.</summary>
internal ref struct CapComponentReader(ReadOnlySpan<byte> data, string componentName)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _offset;

    public readonly int Remaining => _data.Length - _offset;

    public byte ReadU1() => Take(1)[0];

    public ushort ReadU2() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public uint ReadU4() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    /// <summary>Reads an AID_length u1 followed by the AID; JCVM spec §6.4 requires 5 to 16 bytes.</summary>
    public ReadOnlySpan<byte> ReadAid()
    {
        int length = ReadU1();
        if (length is < 5 or > 16)
        {
            throw new CapFormatException(
                $"{componentName} component: AID length {length} at offset {_offset - 1} is outside 5..16.");
        }

        return Take(length);
    }

    /// <summary>Fails when bytes are left over after the last declared field.</summary>
    public readonly void ExpectEnd()
    {
        if (Remaining != 0)
        {
            throw new CapFormatException(
                $"{componentName} component: {Remaining} unexpected trailing byte(s) at offset {_offset}.");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw new CapFormatException(
                $"{componentName} component truncated: {count} byte(s) needed at offset {_offset}, {Remaining} left.");
        }

        var slice = _data.Slice(_offset, count);
        _offset += count;
        return slice;
    }
}
