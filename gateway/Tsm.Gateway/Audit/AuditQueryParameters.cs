using System.Globalization;

namespace Tsm.Gateway.Audit;

/// <summary>
/// The query string of <c>GET /admin/v1/audit</c>, read as text so that every bad value gets its own line in a 400
/// problem: <c>from</c>, <c>to</c> (ISO 8601; without an offset, UTC), <c>actor</c>, <c>action</c> (prefix),
/// <c>target</c>, <c>outcome</c>, <c>region</c> (digits, prefix), <c>before</c> (seq) and <c>limit</c> (1 to 500).
/// </summary>
public sealed record AuditQueryParameters(
    string? From, string? To, string? Actor, string? Action, string? Target, string? Outcome, string? Region, string? Before, string? Limit)
{
    /// <summary>The longest region code accepted.</summary>
    public const int MaxRegionLength = 32;

    /// <summary>The query, or the problems with the parameters (then the query is null).</summary>
    public (AuditQuery? Query, IReadOnlyList<string> Problems) Parse()
    {
        var problems = new List<string>();
        var from = Time(From, "from", problems);
        var to = Time(To, "to", problems);
        if (from is not null && to is not null && from >= to)
            problems.Add("from must be before to.");
        CheckText(Actor, "actor", problems);
        CheckText(Action, "action", problems);
        CheckText(Target, "target", problems);
        if (Outcome is not null && !AuditOutcome.IsValid(Outcome))
            problems.Add("outcome: ok, refused or failed, optionally with ':' and an HTTP status (refused:403).");
        if (Region is not null && !IsRegionCode(Region))
            problems.Add($"region: 1 to {MaxRegionLength} digits.");
        long? before = null;
        if (Before is not null)
        {
            if (long.TryParse(Before, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) && seq >= 1)
                before = seq;
            else
                problems.Add("before: a seq (a positive integer).");
        }

        var limit = AuditQuery.DefaultLimit;
        if (Limit is not null && (!int.TryParse(Limit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > AuditQuery.MaxLimit))
            problems.Add($"limit: 1 to {AuditQuery.MaxLimit}.");
        if (problems.Count > 0)
            return (null, problems);
        return (new AuditQuery
        {
            From = from,
            To = to,
            Actor = Actor,
            ActionPrefix = Action,
            Target = Target,
            Outcome = Outcome,
            RegionPrefix = Region,
            Before = before,
            Limit = limit,
        }, problems);
    }

    /// <summary>True for a region code: 1 to <see cref="MaxRegionLength"/> ASCII digits.</summary>
    public static bool IsRegionCode(string? code) =>
        code is { Length: > 0 and <= MaxRegionLength } && code.All(char.IsAsciiDigit);

    private static DateTimeOffset? Time(string? text, string name, List<string> problems)
    {
        if (text is null)
            return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time))
            return time;
        problems.Add($"{name}: a time in ISO 8601 (2025-06-01T12:00:00Z).");
        return null;
    }

    private static void CheckText(string? text, string name, List<string> problems)
    {
        if (text is { Length: 0 or > AuditText.MaxLength })
            problems.Add($"{name}: 1 to {AuditText.MaxLength} characters.");
    }
}
