using System.Collections.Frozen;

namespace Tsm.Gateway.Regions;

/// <summary>
/// The region and number-segment tables as read at one moment, for lookups on every request without a database
/// round trip (<see cref="RegionStore.HomeRegionOfAsync"/>). Immutable: a refresh replaces the whole snapshot.
/// </summary>
public sealed class RegionSnapshot
{
    private readonly FrozenDictionary<string, RegionCode>.AlternateLookup<ReadOnlySpan<char>> _byPrefix;

    public RegionSnapshot(IEnumerable<Region> regions, IEnumerable<NumberSegment> segments)
    {
        Regions = regions.ToFrozenDictionary(r => r.Code);
        Segments = segments.ToFrozenDictionary(s => s.Prefix, s => s.Region, StringComparer.Ordinal);
        _byPrefix = Segments.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static RegionSnapshot Empty { get; } = new([], []);

    public FrozenDictionary<RegionCode, Region> Regions { get; }

    /// <summary>Segment prefix → its region.</summary>
    public FrozenDictionary<string, RegionCode> Segments { get; }

    /// <summary>The region of the longest segment <paramref name="msisdn"/> starts with; null when none matches.</summary>
    public RegionCode? HomeRegionOf(string msisdn) => SegmentOf(msisdn)?.Region;

    /// <summary>The longest segment <paramref name="msisdn"/> starts with; null when none matches.</summary>
    public NumberSegment? SegmentOf(string msisdn)
    {
        var number = NumberSegment.NationalNumber(msisdn).AsSpan();
        for (var length = Math.Min(number.Length, NumberSegment.MaxPrefixLength); length >= NumberSegment.MinPrefixLength; length--)
        {
            if (_byPrefix.TryGetValue(number[..length], out var region))
                return new NumberSegment(number[..length].ToString(), region);
        }

        return null;
    }

    /// <summary>The prefixes of the segments whose region lies within <paramref name="region"/> (for filters on MSISDN columns).</summary>
    public IReadOnlyList<string> SegmentsWithin(RegionCode region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return [.. Segments.Where(s => region.Contains(s.Value)).Select(s => s.Key).Order(StringComparer.Ordinal)];
    }
}
