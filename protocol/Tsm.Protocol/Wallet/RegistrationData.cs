using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Protocol.Wallet;

/// <summary>
/// The registration data the platform writes into the ISD (docs/wallet-protocol.md "Registration"): the bound number
/// under DGI 2F14 as swapped-nibble BCD padded with F (the dialling-number coding of 3GPP TS 31.102 EF_MSISDN), and
/// under DGI 1047 the login token with the IMSI digest as <c>01 L token 02 L digest</c>.
/// </summary>
public static class RegistrationData
{
    public const ushort MsisdnDgi = 0x2F14;

    public const ushort TokenDgi = 0x1047;

    /// <summary>The number's digits (anything else is skipped) as swapped-nibble BCD, padded with F.</summary>
    public static byte[] EncodeMsisdn(string msisdn)
    {
        ArgumentNullException.ThrowIfNull(msisdn);
        var digits = msisdn.Where(char.IsAsciiDigit).ToArray();
        var bytes = new byte[(digits.Length + 1) / 2];
        for (var i = 0; i < digits.Length; i++)
        {
            var nibble = digits[i] - '0';
            bytes[i / 2] |= (byte)(i % 2 == 0 ? nibble : nibble << 4);
        }
        if (digits.Length % 2 == 1)
            bytes[^1] |= 0xF0;
        return bytes;
    }

    /// <summary>The value of DGI 1047: <c>01 L token 02 L digest</c>.</summary>
    public static byte[] EncodeTokenValue(ReadOnlySpan<byte> token, ReadOnlySpan<byte> imsiDigest)
    {
        if (token.Length > 0x7F || imsiDigest.Length > 0x7F)
            throw new ArgumentException("The token and the digest are at most 127 bytes each.");
        return [0x01, (byte)token.Length, .. token, 0x02, (byte)imsiDigest.Length, .. imsiDigest];
    }

    /// <summary>Both DGIs, as one STORE DATA's data field.</summary>
    public static byte[] EncodeDgis(ReadOnlySpan<byte> msisdnBcd, ReadOnlySpan<byte> token, ReadOnlySpan<byte> imsiDigest) =>
        [.. new Dgi(MsisdnDgi, msisdnBcd.ToArray()).ToArray(), .. new Dgi(TokenDgi, EncodeTokenValue(token, imsiDigest)).ToArray()];

    /// <summary>
    /// The token in what a wallet presents: the whole DGI 1047 value read from the SE (<c>01 L token 02 L digest</c>),
    /// or the bare token.
    /// </summary>
    public static ReadOnlySpan<byte> TokenOf(ReadOnlySpan<byte> presented)
    {
        if (presented.Length >= 4 && presented[0] == 0x01 && 2 + presented[1] + 2 <= presented.Length && presented[2 + presented[1]] == 0x02)
            return presented.Slice(2, presented[1]);
        return presented;
    }
}
