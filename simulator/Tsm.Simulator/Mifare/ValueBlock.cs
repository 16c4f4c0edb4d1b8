using System.Buffers.Binary;

namespace Tsm.Simulator.Mifare;

/// <summary>
/// The MIFARE Classic value block format (NXP MF1S50 §8.6.2.1 via docs/mifare.md "Access rules enforced"): a signed 32-bit value stored
/// little-endian three times (value, ~value, value), then an address byte four times (addr, ~addr, addr, ~addr).
/// </summary>
public static class ValueBlock
{
    /// <summary>Writes a well-formed value block into <paramref name="block"/> (16 bytes).</summary>
    public static void Encode(int value, byte address, Span<byte> block)
    {
        BinaryPrimitives.WriteInt32LittleEndian(block, value);
        BinaryPrimitives.WriteInt32LittleEndian(block[4..], ~value);
        BinaryPrimitives.WriteInt32LittleEndian(block[8..], value);
        block[12] = address;
        block[13] = (byte)~address;
        block[14] = address;
        block[15] = (byte)~address;
    }

    public static byte[] Encode(int value, byte address)
    {
        var block = new byte[MifareClassicMemory.BlockSize];
        Encode(value, address, block);
        return block;
    }

    /// <summary>Decodes a value block; false when the block is not 16 bytes or any redundant copy disagrees.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> block, out int value, out byte address)
    {
        value = 0;
        address = 0;
        if (block.Length != MifareClassicMemory.BlockSize)
            return false;
        var v = BinaryPrimitives.ReadInt32LittleEndian(block);
        var inverted = BinaryPrimitives.ReadInt32LittleEndian(block[4..]);
        var copy = BinaryPrimitives.ReadInt32LittleEndian(block[8..]);
        if (inverted != ~v || copy != v)
            return false;
        if (block[13] != (byte)~block[12] || block[14] != block[12] || block[15] != block[13])
            return false;
        value = v;
        address = block[12];
        return true;
    }
}
