using System.Globalization;

namespace Tsm.Gateway.Management.Statistics;

/// <summary>
/// The days a statistics query covers: whole UTC days from <see cref="From"/> to <see cref="To"/>, both included, at
/// most <see cref="MaxDays"/> (docs/management/statistics.md). Parsed from <c>?from=yyyy-MM-dd&amp;to=yyyy-MM-dd</c>;
/// when one is left out the range is the <see cref="DefaultDays"/> days up to <c>to</c> (or today).
/// </summary>
public sealed record StatisticsRange(DateOnly From, DateOnly To)
{
    public const int MaxDays = 366;

    public const int DefaultDays = 30;

    /// <summary>The earliest and latest dates accepted: bounds that keep day arithmetic and ticks well inside their types.</summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    public static readonly DateOnly Latest = new(2999, 12, 31);

    public const long TicksPerDay = TimeSpan.TicksPerDay;

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The first instant of the range (UTC).</summary>
    public DateTimeOffset Start => new(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The first instant after the range (UTC), exclusive.</summary>
    public DateTimeOffset End => new(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The date of day number <paramref name="index"/> of the range (0 = <see cref="From"/>).</summary>
    public DateOnly Day(long index) => From.AddDays((int)index);

    /// <summary>
    /// The range of a query's parameters, or why not: <paramref name="malformed"/> (a 400) when a date is not
    /// <c>yyyy-MM-dd</c>, <paramref name="refused"/> (a 422) when the dates are well formed but make no usable range.
    /// </summary>
    public static StatisticsRange? Parse(string? from, string? to, DateOnly today, out string? malformed, out string? refused)
    {
        malformed = null;
        refused = null;
        DateOnly? first = null, last = null;
        if (from is not null)
        {
            if (!TryDate(from, out var f))
                malformed = "from: a date, yyyy-MM-dd (UTC).";
            first = f;
        }
        if (to is not null)
        {
            if (!TryDate(to, out var t))
                malformed = (malformed is null ? "" : malformed + " ") + "to: a date, yyyy-MM-dd (UTC).";
            last = t;
        }
        if (malformed is not null)
            return null;
        var end = last ?? (first is { } start && start.AddDays(DefaultDays - 1) < today ? start.AddDays(DefaultDays - 1) : today);
        var begin = first ?? end.AddDays(-(DefaultDays - 1));
        if (begin < Earliest || end > Latest)
        {
            refused = $"dates from {Text(Earliest)} to {Text(Latest)}.";
            return null;
        }
        if (begin > end)
        {
            refused = "from must not be after to.";
            return null;
        }
        var range = new StatisticsRange(begin, end);
        if (range.Days > MaxDays)
        {
            refused = $"at most {MaxDays} days from from to to (both included); this range has {range.Days}.";
            return null;
        }
        return range;
    }

    private static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
