namespace Tsm.Protocol.GlobalPlatform;

/// <summary>
/// A CPLC date (GET DATA <c>9F7F</c>): two BCD bytes <c>YDDD</c>, the last digit of the year followed by the day of
/// the year 001–366, as the card production life cycle data defines its date fields (docs/simulator.md, "CPLC").
/// </summary>
public static class CplcDate
{
    /// <summary>The YDDD value of <paramref name="date"/>: 7 December 2026 is day 341, <c>6341</c>.</summary>
    public static ushort Encode(DateOnly date)
    {
        var year = date.Year % 10;
        var day = date.DayOfYear;
        return (ushort)((year << 12) | ((day / 100) << 8) | (((day / 10) % 10) << 4) | (day % 10));
    }

    /// <summary>
    /// The date <paramref name="value"/> names in the decade that ends with <paramref name="latest"/>'s year (the most
    /// recent year with that last digit, not after it); false when it is not four BCD digits with a day of that year.
    /// </summary>
    public static bool TryDecode(ushort value, DateOnly latest, out DateOnly date)
    {
        date = default;
        int[] digits = [value >> 12, (value >> 8) & 0x0F, (value >> 4) & 0x0F, value & 0x0F];
        if (digits.Any(d => d > 9))
            return false;
        var day = (digits[1] * 100) + (digits[2] * 10) + digits[3];
        var year = latest.Year - (((latest.Year % 10) - digits[0] + 10) % 10);
        if (day < 1 || day > (DateTime.IsLeapYear(year) ? 366 : 365))
            return false;
        date = new DateOnly(year, 1, 1).AddDays(day - 1);
        return true;
    }
}
