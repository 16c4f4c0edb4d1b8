using System.Globalization;
using System.Numerics;

namespace Tsm.Grains.Management;

/// <summary>
/// An inclusive range of hex identifiers of one length: an SE batch's SEIDs (requirement 5.8.1) or an operator range of
/// security-domain AIDs (5.3.2). Both ends are upper case; a value of another length is never in the range.
/// </summary>
public sealed record HexRange(string From, string To)
{
    public int Length => From.Length;

    /// <summary>The range, or null with why not: both ends hex, <paramref name="minDigits"/> to <paramref name="maxDigits"/> digits, the same length, from ≤ to.</summary>
    public static HexRange? TryParse(string? from, string? to, int minDigits, int maxDigits, bool evenDigits, out string problem, string fromName = "from", string toName = "to")
    {
        from = from?.Trim() ?? "";
        to = to?.Trim() ?? "";
        var shape = evenDigits ? $"{minDigits / 2} to {maxDigits / 2} bytes in hex" : $"{minDigits} to {maxDigits} hex digits";
        if (!IsHex(from, minDigits, maxDigits, evenDigits))
        {
            problem = $"{fromName}: {shape}.";
            return null;
        }
        if (!IsHex(to, minDigits, maxDigits, evenDigits))
        {
            problem = $"{toName}: {shape}.";
            return null;
        }
        if (from.Length != to.Length)
        {
            problem = $"{fromName} and {toName} must have the same length ({from.Length} and {to.Length} digits).";
            return null;
        }
        var range = new HexRange(from.ToUpperInvariant(), to.ToUpperInvariant());
        if (string.CompareOrdinal(range.From, range.To) > 0)
        {
            problem = $"{fromName} ({range.From}) is after {toName} ({range.To}).";
            return null;
        }
        problem = "";
        return range;
    }

    public static bool IsHex(string? value, int minDigits, int maxDigits, bool evenDigits = false) =>
        value is not null && value.Length >= minDigits && value.Length <= maxDigits && (!evenDigits || value.Length % 2 == 0)
        && value.All(char.IsAsciiHexDigit);

    public bool Contains(string value) =>
        value.Length == Length
        && string.Compare(value, From, StringComparison.OrdinalIgnoreCase) >= 0
        && string.Compare(value, To, StringComparison.OrdinalIgnoreCase) <= 0;

    /// <summary>Whether the two ranges share a value: same length and neither ends before the other starts (a shared end counts).</summary>
    public bool Overlaps(HexRange other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Length == Length && string.CompareOrdinal(From, other.To) <= 0 && string.CompareOrdinal(other.From, To) <= 0;
    }

    /// <summary>The value after <paramref name="value"/> (same length), or null after the last one of that length.</summary>
    public static string? Successor(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var number = BigInteger.Parse("0" + value, NumberStyles.HexNumber, CultureInfo.InvariantCulture) + 1;
        var text = number.ToString("X", CultureInfo.InvariantCulture).TrimStart('0').PadLeft(value.Length, '0');
        return text.Length > value.Length ? null : text;
    }

    public override string ToString() => $"{From}–{To}";
}
