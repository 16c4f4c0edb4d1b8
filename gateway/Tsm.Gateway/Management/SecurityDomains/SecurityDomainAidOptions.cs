using Tsm.Grains.Management;

namespace Tsm.Gateway.Management.SecurityDomains;

/// <summary>
/// The operator's AID ranges for the security domains the platform allocates (requirement 5.3.2; section
/// "Management:SecurityDomainAids"), used in order; validated at start (docs/management/security-domains.md).
/// </summary>
public sealed class SecurityDomainAidOptions
{
    public const string Section = "Management:SecurityDomainAids";

    public List<AidRangeOption> Ranges { get; set; } = [];

    /// <summary>The parsed ranges, or the problems that make the section invalid.</summary>
    public IReadOnlyList<HexRange> Parse(out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        var ranges = new List<HexRange>();
        for (var i = 0; i < Ranges.Count; i++)
        {
            var range = HexRange.TryParse(Ranges[i].From, Ranges[i].To, 10, 32, evenDigits: true, out var problem, "From", "To");
            if (range is null)
            {
                found.Add($"{Section}:Ranges:{i}: {problem}");
                continue;
            }
            if (ranges.FirstOrDefault(range.Overlaps) is { } other)
                found.Add($"{Section}:Ranges:{i}: {range} overlaps {other}.");
            ranges.Add(range);
        }
        problems = found;
        return ranges;
    }
}
