namespace Tsm.Gateway.Regions;

/// <summary>
/// A number segment (号段): the first 3 to 11 digits of an MSISDN, and the region its numbers belong to. A number's
/// home region is the region of the longest segment it starts with (docs/security.md, "Regions").
/// </summary>
public sealed record NumberSegment(string Prefix, RegionCode Region)
{
    public const int MinPrefixLength = 3;

    public const int MaxPrefixLength = 11;

    /// <summary>Null when <paramref name="prefix"/> is 3 to 11 digits, else what is wrong with it.</summary>
    public static string? CheckPrefix(string? prefix) =>
        prefix is { Length: >= MinPrefixLength and <= MaxPrefixLength } && prefix.All(char.IsAsciiDigit)
            ? null
            : $"a number segment is {MinPrefixLength} to {MaxPrefixLength} digits (the start of an MSISDN, e.g. 1380013).";

    /// <summary>
    /// The national number an MSISDN's segments are matched against: without a leading <c>+</c>, and without the
    /// country code 86 in front of an 11-digit number (<c>+8613800138000</c> → <c>13800138000</c>).
    /// </summary>
    public static string NationalNumber(string msisdn)
    {
        ArgumentNullException.ThrowIfNull(msisdn);
        var digits = msisdn.StartsWith('+') ? msisdn[1..] : msisdn;
        return digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal) ? digits[2..] : digits;
    }
}
