namespace Tsm.Protocol.GlobalPlatform;

/// <summary>
/// Confirmation Data (GP 2.2.1 §11.1.6, table 11-14): the Confirmation Counter (2 bytes, after its length 02), the
/// SD unique data (tag 42 value then tag 45 value of the SD generating the receipt), then, when the token had one, the
/// Token identifier and optionally a Token Data digest, each after a length byte. A digest without an identifier is
/// written after an empty identifier so that the two stay apart.
/// </summary>
public sealed record ConfirmationData(ushort Counter, ByteString SdUniqueData, ByteString TokenIdentifier = default, ByteString TokenDataDigest = default)
{
    public byte[] ToArray()
    {
        if (SdUniqueData.IsEmpty || SdUniqueData.Length > 0xFF || TokenIdentifier.Length > 0xFF || TokenDataDigest.Length > 0xFF)
            throw new InvalidOperationException("SD unique data needs 1 to 255 bytes; a token identifier or digest at most 255.");
        // 02 + counter (2) + len + SD unique data [+ len + token id] [+ len + digest]
        var result = new List<byte>(4 + SdUniqueData.Length + 2 + TokenIdentifier.Length + TokenDataDigest.Length) { 0x02, (byte)(Counter >> 8), (byte)Counter };
        GpEncoding.WriteLv(result, SdUniqueData.Span);
        if (!TokenIdentifier.IsEmpty || !TokenDataDigest.IsEmpty)
            GpEncoding.WriteLv(result, TokenIdentifier.Span);
        if (!TokenDataDigest.IsEmpty)
            GpEncoding.WriteLv(result, TokenDataDigest.Span);
        return [.. result];
    }

    /// <exception cref="GpFormatException">A counter length other than 2, empty SD unique data, truncated or trailing bytes.</exception>
    public static ConfirmationData Parse(ReadOnlySpan<byte> data) =>
        GpFormatException.Guard("confirmation data", data, static bytes =>
        {
            var r = new GpReader(bytes, "Confirmation Data");
            var counter = r.ReadLv();
            if (counter.Length != 2)
                throw r.Error($"has a {counter.Length}-byte Confirmation Counter, not 2");
            var unique = r.ReadLv();
            if (unique.IsEmpty)
                throw r.Error("has no SD unique data");
            var id = r.IsAtEnd ? default : new ByteString(r.ReadLv());
            var digest = r.IsAtEnd ? default : new ByteString(r.ReadLv());
            r.ExpectEnd();
            return new ConfirmationData((ushort)((counter[0] << 8) | counter[1]), new ByteString(unique), id, digest);
        });
}
