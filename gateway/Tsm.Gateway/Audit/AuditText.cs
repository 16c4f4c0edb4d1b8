using System.Globalization;
using System.Text;

namespace Tsm.Gateway.Audit;

/// <summary>
/// Makes caller-supplied text safe to store and show in the audit log: at most <see cref="MaxLength"/> characters,
/// no control characters or line and paragraph separators (a value cannot forge a second line or row in an export
/// or a terminal), no bidirectional overrides (a value cannot display reversed), no unpaired surrogates.
/// It cannot recognise secrets: callers must never pass passwords, keys, tokens or key material in any field.
/// </summary>
public static class AuditText
{
    /// <summary>The most characters a field keeps; longer text is cut and ends with "…".</summary>
    public const int MaxLength = 500;

    /// <summary>The cleaned text; null stays null.</summary>
    public static string? Clean(string? text) => Clean(text, MaxLength);

    /// <summary>The cleaned text, at most <paramref name="maxLength"/> characters; null stays null.</summary>
    public static string? Clean(string? text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        if (text is null)
            return null;
        var clean = new StringBuilder(Math.Min(text.Length, maxLength + 1));
        for (var i = 0; i < text.Length && clean.Length <= maxLength; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
                continue;
            }

            if (char.IsSurrogate(c))
            {
                clean.Append('\uFFFD');
                continue;
            }

            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator:
                    clean.Append(' ');
                    break;
                case UnicodeCategory.Format when IsBidiControl(c):
                    break;
                default:
                    clean.Append(c);
                    break;
            }
        }

        if (clean.Length <= maxLength)
            return clean.ToString();
        // Room for the ellipsis, without splitting a surrogate pair.
        var cut = maxLength - 1;
        if (char.IsHighSurrogate(clean[cut - 1]))
            cut--;
        return clean.ToString(0, cut) + "…";
    }

    private static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
