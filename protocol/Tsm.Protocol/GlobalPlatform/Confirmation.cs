namespace Tsm.Protocol.GlobalPlatform;

/// <summary>
/// The confirmation a card returns for a delegated LOAD (last block), INSTALL or DELETE (GP 2.2.1 §11.1.6 table 11-13,
/// tables 11-24, 11-54, 11-59): the response data is the BER length of the confirmation and the confirmation, which is
/// the BER length of the Receipt, the Receipt (empty when the issuer's policy gives none) and the
/// <see cref="ConfirmationData"/>. A response of a single <c>00</c> carries no confirmation.
/// </summary>
public sealed record Confirmation(ByteString Receipt, ConfirmationData Data)
{
    /// <summary>The response data field for this confirmation.</summary>
    public byte[] ToResponseData()
    {
        var inner = new List<byte>();
        GpEncoding.WriteBerLv(inner, Receipt.Span);
        inner.AddRange(Data.ToArray());
        if (inner.Count > 0xFF)
            throw new InvalidOperationException($"A confirmation of {inner.Count} bytes does not fit a 256-byte response.");
        var result = new List<byte>(inner.Count + 2);
        GpEncoding.WriteBerLv(result, inner.ToArray());
        return [.. result];
    }

    /// <summary>The confirmation in a response's data field, or null for the single <c>00</c> byte (no confirmation).</summary>
    /// <exception cref="GpFormatException">Empty, truncated or malformed data, or bytes after the confirmation.</exception>
    public static Confirmation? ParseResponse(ReadOnlySpan<byte> responseData) =>
        GpFormatException.Guard("confirmation", responseData, static data =>
        {
            var r = new GpReader(data, "Confirmation response");
            var body = r.ReadBerLv();
            r.ExpectEnd();
            if (body.IsEmpty)
                return null;
            var inner = new GpReader(body, "Confirmation");
            var receipt = inner.ReadBerLv();
            return new Confirmation(new ByteString(receipt), ConfirmationData.Parse(inner.ReadRest()));
        });
}
