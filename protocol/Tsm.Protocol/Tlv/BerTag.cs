namespace Tsm.Protocol.Tlv;

/// <summary>
/// A BER tag (ISO/IEC 8825-1 §8.1.2) of one to three bytes, kept as the big-endian number of its bytes
/// (e.g. <c>9F70</c> = 0x9F70, <c>E3</c> = 0xE3). GlobalPlatform and ETSI TS 102 226 never use longer tags.
/// </summary>
public readonly record struct BerTag(uint Value)
{
    /// <summary>The number of bytes the tag takes on the wire.</summary>
    public int EncodedLength => Value switch
    {
        <= 0xFF => 1,
        <= 0xFFFF => 2,
        <= 0xFF_FFFF => 3,
        _ => 4,
    };

    private byte FirstByte => (byte)(Value >> (8 * (EncodedLength - 1)));

    /// <summary>b6 of the first byte: the value is a sequence of TLVs.</summary>
    public bool IsConstructed => (FirstByte & 0x20) != 0;

    /// <summary>Writes the tag bytes to <paramref name="destination"/> and returns the count.</summary>
    public int WriteTo(Span<byte> destination)
    {
        var length = EncodedLength;
        for (var i = 0; i < length; i++)
            destination[i] = (byte)(Value >> (8 * (length - 1 - i)));
        return length;
    }

    public static implicit operator BerTag(uint value) => new(value);

    public override string ToString() => Value.ToString(EncodedLength switch { 1 => "X2", 2 => "X4", 3 => "X6", _ => "X8" }, System.Globalization.CultureInfo.InvariantCulture);
}
