using System.Text;
using Tsm.Protocol.Sms.Cmpp;

namespace Tsm.Protocol.Sms.Text;

/// <summary>
/// Text in a CMPP 2.0/3.0 message (Msg_Fmt): ASCII (0) when every character is ASCII, else UCS-2 big-endian (8).
/// One SMS, no concatenation: at most 159 ASCII characters (<see cref="CmppMsgFmt.MaxContentLength"/>) or 70 UCS-2.
/// </summary>
public static class CmppMessageText
{
    /// <exception cref="ArgumentException">The text is empty or longer than one SMS in the format it needs.</exception>
    public static EncodedText Encode(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        if (Ascii.IsValid(text))
        {
            if (text.Length > CmppMsgFmt.MaxContentLength(CmppMsgFmt.Ascii))
                throw new ArgumentException($"The text has {text.Length} characters; one ASCII SMS holds {CmppMsgFmt.MaxContentLength(CmppMsgFmt.Ascii)}.", nameof(text));
            return new EncodedText(CmppMsgFmt.Ascii, Encoding.ASCII.GetBytes(text));
        }
        if (text.Length * 2 > CmppMsgFmt.MaxContentLength(CmppMsgFmt.Ucs2))
            throw new ArgumentException($"The text has {text.Length} UCS-2 characters; one SMS holds {CmppMsgFmt.MaxContentLength(CmppMsgFmt.Ucs2) / 2}.", nameof(text));
        return new EncodedText(CmppMsgFmt.Ucs2, Encoding.BigEndianUnicode.GetBytes(text));
    }

    /// <summary>
    /// The text of a message in Msg_Fmt 0 (ASCII; octets above 0x7F read as Latin-1) or 8 (UCS-2), after its user data
    /// header when <paramref name="udhi"/>; null for any other format (binary, GB, write-card).
    /// </summary>
    public static string? Decode(byte msgFmt, bool udhi, ReadOnlySpan<byte> content)
    {
        if (!TextCoding.TrySkipHeader(udhi, ref content))
            return null;
        return msgFmt switch
        {
            CmppMsgFmt.Ascii => Encoding.Latin1.GetString(content),
            CmppMsgFmt.Ucs2 => Encoding.BigEndianUnicode.GetString(content),
            _ => null,
        };
    }
}
