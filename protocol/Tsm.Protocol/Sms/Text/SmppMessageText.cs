using System.Text;
using Tsm.Protocol.Sms.Smpp;

namespace Tsm.Protocol.Sms.Text;

/// <summary>
/// Text in an SMPP 3.4 short message (§5.2.19 data_coding): the GSM 7-bit default alphabet, unpacked (data_coding 0,
/// the SMSC default), when every character is in it, else UCS-2 big-endian (data_coding 8). One SMS, no
/// concatenation: at most 160 septets or 70 UCS-2 characters.
/// </summary>
public static class SmppMessageText
{
    /// <summary>UCS-2 characters one SMS holds (140 octets).</summary>
    public const int MaxUcs2Characters = 70;

    /// <exception cref="ArgumentException">The text is empty or longer than one SMS in the coding it needs.</exception>
    public static EncodedText Encode(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        var septets = Gsm7Alphabet.SeptetCount(text);
        if (septets >= 0)
        {
            if (septets > Gsm7Alphabet.MaxSeptets)
                throw new ArgumentException($"The text takes {septets} septets; one SMS holds {Gsm7Alphabet.MaxSeptets}.", nameof(text));
            return new EncodedText(SmppDataCoding.SmscDefault, Gsm7Alphabet.EncodeUnpacked(text));
        }
        if (text.Length > MaxUcs2Characters)
            throw new ArgumentException($"The text has {text.Length} UCS-2 characters; one SMS holds {MaxUcs2Characters}.", nameof(text));
        return new EncodedText(SmppDataCoding.Ucs2, Encoding.BigEndianUnicode.GetBytes(text));
    }

    /// <summary>
    /// The text of a short message in a text coding — 0 (GSM default alphabet, unpacked), 1 (IA5/ASCII), 3 (Latin-1),
    /// 8 (UCS-2) — after its user data header when <paramref name="udhi"/>; null for any other coding (binary data).
    /// </summary>
    public static string? Decode(byte dataCoding, bool udhi, ReadOnlySpan<byte> userData)
    {
        if (!TextCoding.TrySkipHeader(udhi, ref userData))
            return null;
        return dataCoding switch
        {
            SmppDataCoding.SmscDefault => Gsm7Alphabet.DecodeUnpacked(userData),
            SmppDataCoding.Ia5 => Encoding.ASCII.GetString(userData),
            SmppDataCoding.Latin1 => Encoding.Latin1.GetString(userData),
            SmppDataCoding.Ucs2 => Encoding.BigEndianUnicode.GetString(userData),
            _ => null,
        };
    }
}
