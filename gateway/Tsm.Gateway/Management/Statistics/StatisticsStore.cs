using System.Data.Common;
using System.Globalization;
using System.Text;
using Tsm.Gateway.Regions;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Management.Statistics;

/// <summary>
/// The statistics and the providers' queries over the operation records, the SE bindings and the SEs' free memory
/// (docs/management/statistics.md): grouped counts computed by the database over one range of the time index, record
/// pages by keyset (no OFFSET). Every value is a parameter; only fixed fragments are appended to the SQL. The caller's
/// region comes in as number-segment prefixes (<see cref="ScopedNumbers"/>; null = national).
/// </summary>
public sealed class StatisticsStore(IPlatformDatabase database)
{
    public const int MaxLimit = 1000;

    /// <summary>The operation names the records use (OperationKind names, and the wallet's login).</summary>
    public const string Register = "register";

    public const string Login = "login";

    public const string Download = "download";

    public const string Delete = "delete";

    public const string Succeeded = "succeeded";

    /// <summary>SEs registered and SEs active per day: (day, "register" or "login", "", distinct SEs).</summary>
    public Task<IReadOnlyList<DayCount>> UsersByDayAsync(StatisticsRange range, IReadOnlyList<string>? prefixes, CancellationToken cancellationToken) =>
        DayCountsAsync(range, prefixes, """
            SELECT (At - @Origin) / @Day, Operation, '', COUNT(DISTINCT SeId) FROM OperationRecords
            WHERE Operation IN ('register', 'login') AND (Operation = 'login' OR Result = 'succeeded') AND At >= @From AND At < @To
            """, " GROUP BY 1, 2;", null, cancellationToken);

    /// <summary>Operations per day, kind and result: (day, operation, result, count); one kind only with <paramref name="operation"/>.</summary>
    public Task<IReadOnlyList<DayCount>> OperationsByDayAsync(StatisticsRange range, string? operation, IReadOnlyList<string>? prefixes, CancellationToken cancellationToken) =>
        DayCountsAsync(range, prefixes, """
            SELECT (At - @Origin) / @Day, Operation, Result, COUNT(*) FROM OperationRecords
            WHERE At >= @From AND At < @To
            """ + (operation is null ? "" : " AND Operation = @Operation"), " GROUP BY 1, 2, 3;", operation, cancellationToken);

    /// <summary>Downloads per day, application and result: (day, AID, result, count).</summary>
    public Task<IReadOnlyList<DayCount>> DownloadsByDayAsync(StatisticsRange range, IReadOnlyList<string>? prefixes, CancellationToken cancellationToken) =>
        DayCountsAsync(range, prefixes, """
            SELECT (At - @Origin) / @Day, ApplicationAid, Result, COUNT(*) FROM OperationRecords
            WHERE Operation = 'download' AND ApplicationAid IS NOT NULL AND At >= @From AND At < @To
            """, " GROUP BY 1, 2, 3;", null, cancellationToken);

    private async Task<IReadOnlyList<DayCount>> DayCountsAsync(
        StatisticsRange range, IReadOnlyList<string>? prefixes, string select, string groupBy, string? operation, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder(select);
        AddRange(command, range);
        command.AddParameter("@Origin", range.Start.UtcTicks);
        command.AddParameter("@Day", StatisticsRange.TicksPerDay);
        if (operation is not null)
            command.AddParameter("@Operation", operation);
        ScopedNumbers.Filter(sql, command, "Msisdn", prefixes);
        command.CommandText = sql.Append(groupBy).ToString();
        var rows = new List<DayCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new DayCount(Int64(reader, 0), reader.GetString(1), reader.GetString(2), Int64(reader, 3)));
        return rows;
    }

    /// <summary>
    /// Activity grouped by the first <paramref name="prefixLength"/> characters of the MSISDN and its length (see
    /// <see cref="RegionTally"/>): distinct numbers, operations other than logins, successful downloads.
    /// </summary>
    public async Task<IReadOnlyList<SegmentCount>> ActivityBySegmentAsync(
        StatisticsRange range, int prefixLength, IReadOnlyList<string>? prefixes, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("""
            SELECT SUBSTR(Msisdn, 1, @Length), LENGTH(Msisdn), COUNT(DISTINCT Msisdn),
                SUM(CASE WHEN Operation <> 'login' THEN 1 ELSE 0 END),
                SUM(CASE WHEN Operation = 'download' AND Result = 'succeeded' THEN 1 ELSE 0 END)
            FROM OperationRecords WHERE At >= @From AND At < @To
            """);
        AddRange(command, range);
        command.AddParameter("@Length", prefixLength);
        ScopedNumbers.Filter(sql, command, "Msisdn", prefixes);
        command.CommandText = sql.Append(" GROUP BY 1, 2;").ToString();
        var rows = new List<SegmentCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new SegmentCount(reader.GetString(0), (int)Int64(reader, 1), Int64(reader, 2), Int64(reader, 3), Int64(reader, 4)));
        return rows;
    }

    /// <summary>The SEs registered now (bound to a number), within <paramref name="prefixes"/>' numbers.</summary>
    public async Task<long> RegisteredAsync(IReadOnlyList<string>? prefixes, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("SELECT COUNT(*) FROM SeBindings WHERE 1 = 1");
        ScopedNumbers.Filter(sql, command, "Msisdn", prefixes);
        command.CommandText = sql.Append(';').ToString();
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A page of the records of <paramref name="operation"/> on the applications <paramref name="aids"/> (a provider's),
    /// newest first, optionally of one MSISDN, SE or application; after <paramref name="after"/>.
    /// </summary>
    public async Task<ProviderRecordPage> ProviderRecordsAsync(
        IReadOnlyList<string> aids, string operation, StatisticsRange range, string? msisdn, string? seId, string? applicationAid,
        RecordCursor? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(aids);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        if (aids.Count == 0)
            return new ProviderRecordPage([], null);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("""
            SELECT Id, At, Operation, SeId, Msisdn, ApplicationAid, Result, Detail FROM OperationRecords
            WHERE Operation = @Operation AND At >= @From AND At < @To AND ApplicationAid
            """);
        AddRange(command, range);
        command.AddParameter("@Operation", operation);
        In(sql, command, "@Aid", aids);
        command.AndEquals(sql, "Msisdn", msisdn);
        command.AndEquals(sql, "SeId", seId);
        command.AndEquals(sql, "ApplicationAid", applicationAid);
        if (after is not null)
        {
            sql.Append(" AND (At < @AfterAt OR (At = @AfterAt AND Id < @AfterId))");
            command.AddParameter("@AfterAt", after.AtTicks);
            command.AddParameter("@AfterId", after.Id.ToString("D"));
        }
        // One more than the page: whether there is a next page, without a count.
        sql.Append(" ORDER BY At DESC, Id DESC LIMIT @Limit;");
        command.AddParameter("@Limit", limit + 1);
        command.CommandText = sql.ToString();
        var records = new List<ProviderRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new ProviderRecord(
                Guid.Parse(reader.GetString(0), CultureInfo.InvariantCulture), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
                reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }
        if (records.Count <= limit)
            return new ProviderRecordPage(records, null);
        records.RemoveAt(limit);
        var last = records[^1];
        return new ProviderRecordPage(records, new RecordCursor(last.At.UtcTicks, last.Id).Encode());
    }

    /// <summary>
    /// The registered SEs that hold some of <paramref name="aids"/> — an application is held where its last successful
    /// download is later than its last successful delete — with the free memory they last reported; at least
    /// <paramref name="minFreeNonVolatile"/> when given; a page in SEID order after <paramref name="after"/>.
    /// </summary>
    public async Task<ProviderSePage> ProviderSesAsync(
        IReadOnlyList<string> aids, long? minFreeNonVolatile, string? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(aids);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        var registered = await RegisteredAsync(null, cancellationToken);
        if (aids.Count == 0)
            return new ProviderSePage(0, registered, [], null);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        long total;
        await using (var count = connection.CreateCommand())
        {
            var sql = new StringBuilder("SELECT COUNT(DISTINCT h.SeId)");
            Holdings(sql, count, aids, minFreeNonVolatile);
            count.CommandText = sql.Append(';').ToString();
            total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }
        await using var command = connection.CreateCommand();
        var page = new StringBuilder("SELECT h.SeId, ")
            .Append(database.Dialect == SqlDialect.PostgreSql ? "string_agg(h.ApplicationAid, ',')" : "group_concat(h.ApplicationAid, ',')")
            .Append(", s.FreeNonVolatile, s.FreeVolatile, s.ReportedAt");
        Holdings(page, command, aids, minFreeNonVolatile);
        page.Append(" AND h.SeId > @After GROUP BY h.SeId, s.FreeNonVolatile, s.FreeVolatile, s.ReportedAt ORDER BY h.SeId LIMIT @Limit;");
        command.AddParameter("@After", after ?? "");
        command.AddParameter("@Limit", limit + 1);
        command.CommandText = page.ToString();
        var items = new List<ProviderSe>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new ProviderSe(
                reader.GetString(0),
                [.. reader.GetString(1).Split(',').Order(StringComparer.Ordinal)],
                reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3),
                reader.IsDBNull(4) ? null : new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero)));
        }
        if (items.Count <= limit)
            return new ProviderSePage(total, registered, items, null);
        items.RemoveAt(limit);
        return new ProviderSePage(total, registered, items, items[^1].SeId);
    }

    /// <summary>FROM the (SE, application) pairs held, of registered SEs, with their free memory; then a WHERE to extend.</summary>
    private static void Holdings(StringBuilder sql, DbCommand command, IReadOnlyList<string> aids, long? minFreeNonVolatile)
    {
        sql.Append("""
             FROM (SELECT SeId, ApplicationAid FROM OperationRecords
                   WHERE Operation IN ('download', 'delete') AND Result = 'succeeded' AND ApplicationAid
            """);
        In(sql, command, "@Aid", aids);
        sql.Append("""
                   GROUP BY ApplicationAid, SeId
                   HAVING MAX(CASE WHEN Operation = 'download' THEN At END) > COALESCE(MAX(CASE WHEN Operation = 'delete' THEN At END), -1)) h
            JOIN SeBindings b ON b.SeId = h.SeId
            LEFT JOIN SeSpace s ON s.SeId = h.SeId
            WHERE 1 = 1
            """);
        if (minFreeNonVolatile is { } min)
        {
            sql.Append(" AND s.FreeNonVolatile >= @MinFree");
            command.AddParameter("@MinFree", min);
        }
    }

    /// <summary>Appends " IN (@p0, @p1, …)" with a parameter per value.</summary>
    private static void In(StringBuilder sql, DbCommand command, string name, IReadOnlyList<string> values)
    {
        sql.Append(" IN (");
        for (var i = 0; i < values.Count; i++)
        {
            var parameter = name + i.ToString(CultureInfo.InvariantCulture);
            sql.Append(i == 0 ? "" : ", ").Append(parameter);
            command.AddParameter(parameter, values[i]);
        }
        sql.Append(')');
    }

    private static void AddRange(DbCommand command, StatisticsRange range)
    {
        command.AddParameter("@From", range.Start.UtcTicks);
        command.AddParameter("@To", range.End.UtcTicks);
    }

    /// <summary>An integer column: SQLite gives Int64, PostgreSQL's COUNT and SUM bigint or numeric.</summary>
    private static long Int64(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? 0 : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}
