using System.Globalization;

namespace Tsm.Gateway.Audit;

/// <summary>
/// The outcomes an audit entry records: <see cref="Ok"/>, <see cref="Refused"/> (the platform said no: bad input,
/// not allowed, wrong password) or <see cref="Failed"/> (it tried and could not), each optionally with the HTTP
/// status answered, as "refused:403".
/// </summary>
public static class AuditOutcome
{
    public const string Ok = "ok";

    public const string Refused = "refused";

    public const string Failed = "failed";

    /// <summary>The outcome of an HTTP answer: 2xx and 3xx ok, 4xx refused, 5xx failed, with the status.</summary>
    public static string OfStatus(int status) => With(status switch
    {
        < 400 => Ok,
        < 500 => Refused,
        _ => Failed,
    }, status);

    /// <summary><paramref name="kind"/> with an HTTP status, e.g. "refused:409".</summary>
    public static string With(string kind, int status)
    {
        if (!IsKind(kind))
            throw new ArgumentException($"An outcome is {Ok}, {Refused} or {Failed}.", nameof(kind));
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        return kind + ":" + status.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>True for "ok", "refused", "failed", each alone or followed by ":" and a three-digit status.</summary>
    public static bool IsValid(string? outcome)
    {
        if (outcome is null)
            return false;
        var colon = outcome.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
            return IsKind(outcome);
        var status = outcome.AsSpan(colon + 1);
        return IsKind(outcome[..colon]) && status.Length == 3 && status[0] is >= '1' and <= '5' && char.IsAsciiDigit(status[1]) && char.IsAsciiDigit(status[2]);
    }

    /// <summary>True for the three kinds alone.</summary>
    public static bool IsKind(string? outcome) => outcome is Ok or Refused or Failed;
}
