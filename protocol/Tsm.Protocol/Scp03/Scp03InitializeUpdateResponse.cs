namespace Tsm.Protocol.Scp03;

/// <summary>
/// The SCP03 INITIALIZE UPDATE response (Amendment D §7.1.1.6): key diversification data (10), key information
/// (KVN, SCP identifier 03, i), card challenge (8), card cryptogram (8) and, when the card challenge is pseudo-random,
/// the 3-byte sequence counter it was made from.
/// </summary>
public sealed record Scp03InitializeUpdateResponse(
    ReadOnlyMemory<byte> KeyDiversificationData,
    byte KeyVersion,
    Scp03Parameter Parameter,
    ReadOnlyMemory<byte> CardChallenge,
    ReadOnlyMemory<byte> CardCryptogram,
    int? SequenceCounter)
{
    public const byte ScpIdentifier = 0x03;

    /// <summary>10 + 3 + 8 + 8 bytes; 3 more with the sequence counter.</summary>
    public const int Length = 29;

    /// <exception cref="Scp03Exception">Not 29 or 32 bytes, or not an SCP03 answer.</exception>
    public static Scp03InitializeUpdateResponse Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length is not (Length or Length + 3))
            throw new Scp03Exception($"An SCP03 INITIALIZE UPDATE response has {Length} or {Length + 3} bytes, got {data.Length}.");
        if (data[11] != ScpIdentifier)
            throw new Scp03Exception($"The card answered for SCP{data[11]:X2}, not SCP03.");
        int? counter = data.Length == Length + 3 ? (data[29] << 16) | (data[30] << 8) | data[31] : null;
        return new Scp03InitializeUpdateResponse(
            data[..10].ToArray(), data[10], new Scp03Parameter(data[12]), data.Slice(13, 8).ToArray(), data.Slice(21, 8).ToArray(), counter);
    }

    public byte[] ToArray()
    {
        if (KeyDiversificationData.Length != 10 || CardChallenge.Length != 8 || CardCryptogram.Length != 8)
            throw new InvalidOperationException("Key diversification data has 10 bytes, the card challenge and cryptogram 8.");
        var data = new byte[SequenceCounter is null ? Length : Length + 3];
        KeyDiversificationData.Span.CopyTo(data);
        data[10] = KeyVersion;
        data[11] = ScpIdentifier;
        data[12] = Parameter.Value;
        CardChallenge.Span.CopyTo(data.AsSpan(13));
        CardCryptogram.Span.CopyTo(data.AsSpan(21));
        if (SequenceCounter is { } c)
        {
            data[29] = (byte)(c >> 16);
            data[30] = (byte)(c >> 8);
            data[31] = (byte)c;
        }
        return data;
    }
}
