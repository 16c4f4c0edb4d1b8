namespace Tsm.Protocol.Sms.Text;

/// <summary>
/// The GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 §6.2.1 and §6.2.1.1), one septet per octet
/// ("unpacked"), as SMPP carries text with data_coding 0 in short_message: the SMSC packs the septets for the air.
/// A character of the extension table takes two septets: the escape 0x1B, then its code. Pure, no I/O.
/// </summary>
public static class Gsm7Alphabet
{
    /// <summary>The escape to the extension table.</summary>
    public const byte Escape = 0x1B;

    /// <summary>Septets one SMS holds without a user data header.</summary>
    public const int MaxSeptets = 160;

    // §6.2.1, code 0x00 to 0x7F; 0x1B is the escape, not a character.
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    // §6.2.1.1: code after the escape → character.
    private static readonly (byte Code, char Char)[] Extension =
    [
        (0x0A, '\f'), (0x14, '^'), (0x28, '{'), (0x29, '}'), (0x2F, '\\'), (0x3C, '['), (0x3D, '~'), (0x3E, ']'), (0x40, '|'), (0x65, '€'),
    ];

    private static readonly Dictionary<char, byte> BasicCodes = BuildBasicCodes();

    private static readonly Dictionary<char, byte> ExtensionCodes = Extension.ToDictionary(e => e.Char, e => e.Code);

    private static Dictionary<char, byte> BuildBasicCodes()
    {
        if (Basic.Length != 128)
            throw new InvalidOperationException("The GSM default alphabet table must have 128 entries.");
        var codes = new Dictionary<char, byte>();
        for (var i = 0; i < Basic.Length; i++)
        {
            if (i != Escape)
                codes[Basic[i]] = (byte)i;
        }
        return codes;
    }

    /// <summary>Septets <paramref name="text"/> takes (extension characters count two), or -1 when a character is not in the alphabet.</summary>
    public static int SeptetCount(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var count = 0;
        foreach (var c in text)
        {
            if (BasicCodes.ContainsKey(c))
                count++;
            else if (ExtensionCodes.ContainsKey(c))
                count += 2;
            else
                return -1;
        }
        return count;
    }

    /// <summary>True when every character of <paramref name="text"/> is in the default alphabet or its extension table.</summary>
    public static bool CanEncode(string text) => SeptetCount(text) >= 0;

    /// <summary>The text as unpacked septets (one per octet, high bit clear).</summary>
    /// <exception cref="ArgumentException">A character is not in the alphabet.</exception>
    public static byte[] EncodeUnpacked(string text)
    {
        var count = SeptetCount(text);
        if (count < 0)
            throw new ArgumentException("The text has a character outside the GSM 7-bit default alphabet.", nameof(text));
        var septets = new byte[count];
        var i = 0;
        foreach (var c in text)
        {
            if (BasicCodes.TryGetValue(c, out var code))
            {
                septets[i++] = code;
            }
            else
            {
                septets[i++] = Escape;
                septets[i++] = ExtensionCodes[c];
            }
        }
        return septets;
    }

    /// <summary>
    /// Unpacked septets as text. An escape followed by a code the extension table lacks reads as the basic character of
    /// that code (§6.2.1.1); a trailing escape, as a space; an octet with the high bit set, as '?'.
    /// </summary>
    public static string DecodeUnpacked(ReadOnlySpan<byte> septets)
    {
        var text = new System.Text.StringBuilder(septets.Length);
        for (var i = 0; i < septets.Length; i++)
        {
            var code = septets[i];
            if (code > 0x7F)
            {
                text.Append('?');
                continue;
            }
            if (code != Escape)
            {
                text.Append(Basic[code]);
                continue;
            }
            if (++i >= septets.Length)
            {
                text.Append(' ');
                break;
            }
            var next = septets[i];
            var extended = Array.FindIndex(Extension, e => e.Code == next);
            text.Append(extended >= 0 ? Extension[extended].Char : next > 0x7F ? '?' : next == Escape ? ' ' : Basic[next]);
        }
        return text.ToString();
    }
}
