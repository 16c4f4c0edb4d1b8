using System.Globalization;

namespace Tsm.Grains.Management.Providers;

/// <summary>
/// The SPIDs the platform issues on approval (docs/management/providers.md, "SPID"): "SP" and six digits of a
/// sequence that only grows (SP000001, SP000002, …), so an SPID is never given twice, not even after a deregistration.
/// Providers seeded from configuration keep the ids configuration gives them ("demo").
/// </summary>
public static class Spids
{
    public const string Prefix = "SP";

    public const int MaxNumber = 999_999;

    public static string Format(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, MaxNumber);
        return Prefix + number.ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>The sequence number of an issued SPID, or null for any other id.</summary>
    public static int? NumberOf(string spid)
    {
        ArgumentNullException.ThrowIfNull(spid);
        return spid.Length == 8 && spid.StartsWith(Prefix, StringComparison.Ordinal) && spid[2..].All(char.IsAsciiDigit)
            && int.Parse(spid[2..], CultureInfo.InvariantCulture) is > 0 and var n ? n : null;
    }
}
