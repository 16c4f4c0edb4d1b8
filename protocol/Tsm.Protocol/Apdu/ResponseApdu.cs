namespace Tsm.Protocol.Apdu;

/// <summary>A response APDU (ISO/IEC 7816-4 §5.1): response data followed by SW1 SW2.</summary>
public sealed record ResponseApdu(ReadOnlyMemory<byte> Data, StatusWord StatusWord)
{
    public ResponseApdu(StatusWord statusWord)
        : this(ReadOnlyMemory<byte>.Empty, statusWord)
    {
    }

    public bool IsSuccess => StatusWord.IsSuccess;

    /// <summary>Decodes data ‖ SW.</summary>
    /// <exception cref="ApduFormatException">Fewer than two bytes.</exception>
    public static ResponseApdu Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 2)
            throw new ApduFormatException($"A response APDU needs at least 2 bytes, got {bytes.Length}.");
        var sw = new StatusWord((ushort)((bytes[^2] << 8) | bytes[^1]));
        return new ResponseApdu(bytes[..^2].ToArray(), sw);
    }

    public static ResponseApdu Parse(string hex) => Parse(Hex.Parse(hex));

    public byte[] ToArray()
    {
        var result = new byte[Data.Length + 2];
        Data.Span.CopyTo(result);
        result[^2] = StatusWord.Sw1;
        result[^1] = StatusWord.Sw2;
        return result;
    }

    public string ToHex() => Hex.Format(ToArray());

    public bool Equals(ResponseApdu? other) =>
        other is not null && StatusWord == other.StatusWord && Data.Span.SequenceEqual(other.Data.Span);

    public override int GetHashCode() => HashCode.Combine(StatusWord, Data.Length);

    public override string ToString() => ToHex();
}
