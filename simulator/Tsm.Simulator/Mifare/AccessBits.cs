namespace Tsm.Simulator.Mifare;

/// <summary>
/// The access bits of one sector trailer (bytes 6–8; NXP MF1S50/MF1S70 datasheet §8.7 via docs/mifare.md "Access rules enforced"): three bits
/// C1 C2 C3 for each of the block groups 0, 1, 2 and the trailer (group 3). Each condition is kept as the number
/// <c>C1C2C3</c> (C1 the most significant bit), so <c>001</c> = 1 is the transport condition of the trailer.
/// Wire layout, bit n of each nibble belonging to group n:
/// byte 6 = ~C2 (high nibble) | ~C1 (low); byte 7 = C1 (high) | ~C3 (low); byte 8 = C3 (high) | C2 (low).
/// </summary>
public readonly record struct AccessBits
{
    public const int EncodedLength = 3;

    public AccessBits(byte group0, byte group1, byte group2, byte trailer)
    {
        if (group0 > 7 || group1 > 7 || group2 > 7 || trailer > 7)
            throw new ArgumentOutOfRangeException(nameof(group0), "An access condition is three bits (0–7).");
        Group0 = group0;
        Group1 = group1;
        Group2 = group2;
        Trailer = trailer;
    }

    /// <summary>The transport configuration <c>FF0780</c>: data blocks 000, trailer 001.</summary>
    public static AccessBits Transport { get; } = new(0, 0, 0, 1);

    /// <summary>Condition C1C2C3 of block 0 (of blocks 0–4 in a 16-block sector).</summary>
    public byte Group0 { get; }

    /// <summary>Condition of block 1 (blocks 5–9).</summary>
    public byte Group1 { get; }

    /// <summary>Condition of block 2 (blocks 10–14).</summary>
    public byte Group2 { get; }

    /// <summary>Condition of the sector trailer.</summary>
    public byte Trailer { get; }

    /// <summary>The condition of group 0–3.</summary>
    public byte this[int group] => group switch
    {
        0 => Group0,
        1 => Group1,
        2 => Group2,
        3 => Trailer,
        _ => throw new ArgumentOutOfRangeException(nameof(group)),
    };

    /// <summary>A copy with group <paramref name="group"/> set to <paramref name="condition"/>.</summary>
    public AccessBits With(int group, byte condition) => group switch
    {
        0 => new AccessBits(condition, Group1, Group2, Trailer),
        1 => new AccessBits(Group0, condition, Group2, Trailer),
        2 => new AccessBits(Group0, Group1, condition, Trailer),
        3 => new AccessBits(Group0, Group1, Group2, condition),
        _ => throw new ArgumentOutOfRangeException(nameof(group)),
    };

    /// <summary>Writes the three access bytes.</summary>
    public void Encode(Span<byte> destination)
    {
        int c1 = 0, c2 = 0, c3 = 0;
        for (var n = 0; n < 4; n++)
        {
            var condition = this[n];
            c1 |= ((condition >> 2) & 1) << n;
            c2 |= ((condition >> 1) & 1) << n;
            c3 |= (condition & 1) << n;
        }
        destination[0] = (byte)(((~c2 & 0xF) << 4) | (~c1 & 0xF));
        destination[1] = (byte)((c1 << 4) | (~c3 & 0xF));
        destination[2] = (byte)((c3 << 4) | c2);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[EncodedLength];
        Encode(bytes);
        return bytes;
    }

    /// <summary>Decodes bytes 6–8 of a trailer; false when the span is not three bytes or an inverted copy disagrees.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out AccessBits bits)
    {
        bits = default;
        if (bytes.Length != EncodedLength)
            return false;
        var notC1 = bytes[0] & 0xF;
        var notC2 = bytes[0] >> 4;
        var notC3 = bytes[1] & 0xF;
        var c1 = bytes[1] >> 4;
        var c2 = bytes[2] & 0xF;
        var c3 = bytes[2] >> 4;
        if ((c1 ^ notC1) != 0xF || (c2 ^ notC2) != 0xF || (c3 ^ notC3) != 0xF)
            return false;
        Span<byte> conditions = stackalloc byte[4];
        for (var n = 0; n < 4; n++)
            conditions[n] = (byte)((((c1 >> n) & 1) << 2) | (((c2 >> n) & 1) << 1) | ((c3 >> n) & 1));
        bits = new AccessBits(conditions[0], conditions[1], conditions[2], conditions[3]);
        return true;
    }

    public override string ToString() =>
        $"{Tsm.Protocol.Hex.Format(ToArray())} (groups {Bin(Group0)} {Bin(Group1)} {Bin(Group2)}, trailer {Bin(Trailer)})";

    private static string Bin(byte condition) => Convert.ToString(condition, 2).PadLeft(3, '0');
}
