using Tsm.Grains.Ota;

namespace Tsm.Grains.Management;

/// <summary>
/// The platform allocates the AID of each security domain applied for (requirement 5.3.2) from the operator's configured
/// ranges: in the first range with room, the AID after the highest one ever taken in it. AIDs are never reused: one
/// taken by a definition later deleted stays taken (docs/management/security-domains.md, "AID allocation").
/// </summary>
public static class AidAllocator
{
    /// <summary>The next AID, or the refusal <see cref="RefusalCode.AidRangeExhausted"/> when every range is used up.</summary>
    public static string Next(IReadOnlyList<HexRange> ranges, IEnumerable<string> taken)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        ArgumentNullException.ThrowIfNull(taken);
        var all = taken.Select(a => a.ToUpperInvariant()).ToList();
        foreach (var range in ranges)
        {
            var highest = all.Where(range.Contains).DefaultIfEmpty().Max(StringComparer.Ordinal);
            if (highest is null)
                return range.From;
            if (HexRange.Successor(highest) is { } next && range.Contains(next))
                return next;
        }
        throw new RefusedException(RefusalCode.AidRangeExhausted, ranges.Count == 0
            ? "No security-domain AID range is configured (Management:SecurityDomainAids:Ranges): the platform cannot allocate an AID."
            : $"Every configured security-domain AID range is used up ({string.Join(", ", ranges)}): add a range to Management:SecurityDomainAids:Ranges.");
    }
}
