using Tsm.Gateway.Management.Statistics;

namespace Tsm.Gateway.Tests.Management.Statistics;

/// <summary>The date range of a statistics query, the record cursor and the number normalization of the region tally.</summary>
public sealed class StatisticsRangeTests
{
    private static readonly DateOnly Today = new(2025, 6, 30);

    private static StatisticsRange? Parse(string? from, string? to, out string? malformed, out string? refused) =>
        StatisticsRange.Parse(from, to, Today, out malformed, out refused);

    [Fact]
    public void Without_dates_the_range_is_the_thirty_days_up_to_today()
    {
        var range = Parse(null, null, out _, out _)!;
        Assert.Equal((new DateOnly(2025, 6, 1), Today, 30), (range.From, range.To, range.Days));
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), range.Start);
        Assert.Equal(new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero), range.End);
        Assert.Equal(new DateOnly(2025, 6, 3), range.Day(2));
    }

    [Theory]
    [InlineData("2025-01-01", null, "2025-01-01", "2025-01-30")]
    [InlineData("2025-06-20", null, "2025-06-20", "2025-06-30")]
    [InlineData(null, "2025-03-31", "2025-03-02", "2025-03-31")]
    [InlineData("2024-06-30", "2025-06-30", "2024-06-30", "2025-06-30")]
    [InlineData("2025-02-03", "2025-02-03", "2025-02-03", "2025-02-03")]
    public void One_date_or_both_give_the_range(string? from, string? to, string first, string last)
    {
        var range = Parse(from, to, out var malformed, out var refused);
        Assert.Null(malformed);
        Assert.Null(refused);
        Assert.Equal((DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture)), (range!.From, range.To));
    }

    [Theory]
    [InlineData("2025-6-1", null)]
    [InlineData("yesterday", null)]
    [InlineData(null, "2025-02-30")]
    [InlineData("2025-06-01T00:00:00Z", null)]
    [InlineData("", null)]
    public void A_date_that_is_not_yyyy_mm_dd_is_malformed(string? from, string? to)
    {
        Assert.Null(Parse(from, to, out var malformed, out var refused));
        Assert.NotNull(malformed);
        Assert.Null(refused);
    }

    [Theory]
    [InlineData("2025-06-02", "2025-06-01")]
    [InlineData("2024-06-29", "2025-06-30")]
    [InlineData("2020-01-01", "2025-06-30")]
    [InlineData("1999-12-31", "2000-01-05")]
    [InlineData("9999-12-30", "9999-12-31")]
    [InlineData("2025-07-01", null)]
    public void A_backwards_too_long_or_out_of_bounds_range_is_refused(string from, string? to)
    {
        Assert.Null(Parse(from, to, out var malformed, out var refused));
        Assert.Null(malformed);
        Assert.NotNull(refused);
    }

    [Fact]
    public void A_cursor_round_trips_and_anything_else_is_no_cursor()
    {
        var cursor = new RecordCursor(638_000_000_000_000_000, Guid.NewGuid());
        Assert.Equal(cursor, RecordCursor.TryDecode(cursor.Encode()));
        Assert.Null(RecordCursor.TryDecode("not a cursor"));
        Assert.Null(RecordCursor.TryDecode(""));
        Assert.Null(RecordCursor.TryDecode("MTIzNA"));
        Assert.Null(RecordCursor.TryDecode(new string('A', 200)));
        Assert.Null(RecordCursor.TryDecode(Convert.ToBase64String("-5.00000000-0000-0000-0000-000000000001"u8)));
    }

    [Theory]
    [InlineData("1380013", 11, "1380013")]
    [InlineData("8613800138", 13, "13800138")]
    [InlineData("+861380013", 14, "1380013")]
    [InlineData("+138001380", 12, "138001380")]
    [InlineData("8612345", 7, "8612345")]
    public void A_numbers_first_characters_and_length_give_its_national_digits(string prefix, int length, string national) =>
        Assert.Equal(national, RegionTally.National(prefix, length));
}
