using Tsm.Gateway.Regions;

namespace Tsm.Gateway.Management.Statistics;

/// <summary>
/// Adds up activity per region at one level. The database groups records by the first characters of the MSISDN (as
/// many as the longest number segment, plus three for a leading <c>+86</c>) and its length, which is enough to find
/// each group's segment as <see cref="RegionSnapshot.SegmentOf"/> does, with a few groups per segment rather than one
/// per subscriber. A number's home region is rolled up to the level asked for (a county to its city or province); a
/// segment of a wider region than the level stays at its own region.
/// </summary>
public sealed class RegionTally(RegionSnapshot snapshot, RegionLevel level, RegionScope scope)
{
    private readonly Dictionary<string, (long Users, long Operations, long Downloads)> _byRegion = new(StringComparer.Ordinal);
    private (long Users, long Operations, long Downloads) _unknown;

    /// <summary>How many leading characters of an MSISDN the database groups by.</summary>
    public static int PrefixLength(RegionSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return (snapshot.Segments.Count == 0 ? NumberSegment.MinPrefixLength : snapshot.Segments.Keys.Max(p => p.Length)) + 3;
    }

    public void Add(SegmentCount count)
    {
        ArgumentNullException.ThrowIfNull(count);
        var region = snapshot.HomeRegionOf(National(count.Prefix, count.Length));
        if (!scope.Allows(region))
            return;
        if (region is null)
        {
            _unknown = Sum(_unknown, count);
            return;
        }
        var code = AtLevel(region).Value;
        _byRegion[code] = Sum(_byRegion.GetValueOrDefault(code), count);
    }

    /// <summary>The regions with activity, busiest first; the numbers of no known region last.</summary>
    public IReadOnlyList<RegionActivity> Result()
    {
        var rows = _byRegion
            .Select(r => new RegionActivity(r.Key, snapshot.Regions.TryGetValue(RegionCode.Parse(r.Key), out var known) ? known.Name : null, r.Value.Users, r.Value.Operations, r.Value.Downloads))
            .OrderByDescending(r => r.Users).ThenBy(r => r.Region, StringComparer.Ordinal)
            .ToList();
        if (_unknown != default)
            rows.Add(new RegionActivity(null, null, _unknown.Users, _unknown.Operations, _unknown.Downloads));
        return rows;
    }

    private RegionCode AtLevel(RegionCode region) =>
        region.Level <= level ? region
        : RegionCode.Parse(level == RegionLevel.Province ? region.Value[..2] + "0000" : region.Value[..4] + "00");

    /// <summary>
    /// The national digits of a number known by its first characters and its length, as
    /// <see cref="NumberSegment.NationalNumber"/> takes them from the whole number.
    /// </summary>
    public static string National(string prefix, int length)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var plus = prefix.StartsWith('+');
        var digits = plus ? prefix[1..] : prefix;
        var digitCount = plus ? length - 1 : length;
        return digitCount == 13 && digits.StartsWith("86", StringComparison.Ordinal) ? digits[2..] : digits;
    }

    private static (long, long, long) Sum((long Users, long Operations, long Downloads) a, SegmentCount b) =>
        (a.Users + b.Users, a.Operations + b.Operations, a.Downloads + b.Downloads);
}
