using System.Globalization;

namespace Tsm.Grains.Management.Applications;

/// <summary>The catalogue's version id (requirement 5.4.3): application AID, provider version and upload date, "A000000333010101-1.2-20261207".</summary>
public static class ApplicationVersionId
{
    public static string Of(string aid, string providerVersion, DateTimeOffset uploaded)
    {
        ArgumentNullException.ThrowIfNull(aid);
        ArgumentNullException.ThrowIfNull(providerVersion);
        return $"{aid.ToUpperInvariant()}-{providerVersion}-{uploaded.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";
    }

    /// <summary>Whether <paramref name="text"/> can be a version id (what a route accepts before asking the store).</summary>
    public static bool IsWellFormed(string? text) =>
        text is { Length: > 0 and <= 64 } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or ':');
}
