using System.Globalization;
using System.Text;

namespace Tsm.Gateway.Hardening;

/// <summary>
/// A value from a request (path, SEID, MSISDN, session id, a client's error text) made safe for a log line
/// (docs/security.md, "Input handling"): control characters — CR and LF above all, which would start a forged log
/// line — line and paragraph separators and bidirectional overrides are written as \uXXXX, and the value is cut to
/// <see cref="MaxLength"/> characters.
/// </summary>
public static class LogValue
{
    /// <summary>The most characters of one value a log line carries by default.</summary>
    public const int MaxLength = 256;

    public static string Safe(string? value) => Safe(value, MaxLength);

    /// <summary>As <see cref="Safe(string?)"/>, cut to <paramref name="maxLength"/> characters (e.g. an agent's error text kept for investigation).</summary>
    public static string Safe(string? value, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        if (value is null)
            return "(null)";
        var length = Math.Min(value.Length, maxLength);
        var clean = true;
        for (var i = 0; i < length && clean; i++)
            clean = !NeedsEscape(value[i]);
        if (clean)
            return value.Length <= maxLength ? value : string.Concat(value.AsSpan(0, maxLength), "…");
        var text = new StringBuilder(length + 16);
        for (var i = 0; i < length; i++)
        {
            var c = value[i];
            if (NeedsEscape(c))
                text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            else
                text.Append(c);
        }
        if (value.Length > maxLength)
            text.Append('…');
        return text.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c)
        || c is '\u2028' or '\u2029' // line and paragraph separators
        || c is >= '\u202A' and <= '\u202E' // bidirectional embeddings and overrides
        || c is >= '\u2066' and <= '\u2069'; // bidirectional isolates
}
