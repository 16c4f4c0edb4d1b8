using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Tsm.Gateway.Regions;

/// <summary>
/// A region as a GB/T 2260 administrative division code: six digits, two per level, zeros for the levels below
/// (province <c>440000</c>, city <c>440100</c>, county <c>440106</c>). The code alone gives the level and the parent,
/// and a region contains every region whose code starts with its <see cref="Prefix"/> (docs/security.md, "Regions").
/// </summary>
[JsonConverter(typeof(RegionCodeJsonConverter))]
public sealed record RegionCode : IComparable<RegionCode>
{
    private RegionCode(string value, RegionLevel level)
    {
        Value = value;
        Level = level;
    }

    /// <summary>The six digits.</summary>
    public string Value { get; }

    public RegionLevel Level { get; }

    /// <summary>The digits that matter: two for a province (<c>44</c>), four for a city (<c>4401</c>), six for a county.</summary>
    public string Prefix => Value[..(2 * (int)Level)];

    /// <summary>The region one level up (<c>440106</c> → <c>440100</c> → <c>440000</c>); none for a province.</summary>
    public RegionCode? Parent => Level switch
    {
        RegionLevel.County => new RegionCode(Value[..4] + "00", RegionLevel.City),
        RegionLevel.City => new RegionCode(Value[..2] + "0000", RegionLevel.Province),
        _ => null,
    };

    /// <summary>
    /// Whether <paramref name="other"/> is this region or lies within it: a province contains its cities and
    /// counties, a city its counties, a county only itself.
    /// </summary>
    public bool Contains(RegionCode? other) => other is not null && other.Value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Parses six digits, or says what is wrong with <paramref name="text"/> in <paramref name="error"/>.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out RegionCode? code, [NotNullWhen(false)] out string? error)
    {
        code = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "A region code is six digits (GB/T 2260, e.g. 440106); it is empty.";
            return false;
        }

        if (text.Length != 6 || !text.All(char.IsAsciiDigit))
        {
            error = "A region code is six digits (GB/T 2260, e.g. 440106).";
            return false;
        }

        var (province, city, county) = (text[..2], text[2..4], text[4..]);
        if (province == "00")
        {
            error = "A region code starts with its province's two digits, never 00.";
            return false;
        }

        if (city == "00" && county != "00")
        {
            error = "A county's code has its city's digits: the middle two digits of a county code are never 00.";
            return false;
        }

        error = null;
        code = new RegionCode(text, county != "00" ? RegionLevel.County : city != "00" ? RegionLevel.City : RegionLevel.Province);
        return true;
    }

    /// <summary>Parses six digits; <see cref="FormatException"/> with the reason otherwise.</summary>
    public static RegionCode Parse(string text) =>
        TryParse(text, out var code, out var error) ? code : throw new FormatException(error);

    public int CompareTo(RegionCode? other) => other is null ? 1 : string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;

    public bool Equals(RegionCode? other) => other is not null && Value == other.Value;

    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);
}
