using Microsoft.AspNetCore.Http.HttpResults;
using Tsm.Gateway.Regions;
using Tsm.Gateway.Security;
using Tsm.Grains;
using Tsm.Grains.Catalogue;

namespace Tsm.Gateway.Management.Statistics;

/// <summary>
/// The operator's statistics (requirement 5.2.2.2, docs/management/statistics.md): users, operations, downloads per
/// application and activity per region, counted by UTC day over at most a year, within the caller's region. Permission
/// <see cref="Permissions.StatisticsRead"/>; a malformed parameter is a 400, a range not served a 422.
/// </summary>
public static class StatisticsApi
{
    public const string Path = "/admin/v1/statistics";

    public static IEndpointRouteBuilder MapStatisticsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup(Path).WithTags("Statistics").RequireAuthorization(Permissions.StatisticsRead);
        group.MapGet("/users", Users)
            .WithSummary("SEs registered now, and per UTC day of ?from=&to= (yyyy-MM-dd, at most 366 days) the SEs registered and the SEs active.");
        group.MapGet("/operations", Operations)
            .WithSummary("Operations per UTC day, kind and result over ?from=&to=; one kind with ?operation=.");
        group.MapGet("/downloads", Downloads)
            .WithSummary("Downloads per application over ?from=&to=: succeeded and failed, in total and per day.");
        group.MapGet("/regions", Regions)
            .WithSummary("Users, operations and downloads per region (?level=province|city|county) over ?from=&to=, by each number's home segment.");
        return app;
    }

    private static async Task<Results<Ok<UserStatistics>, ProblemHttpResult>> Users(
        string? from, string? to, HttpContext http, StatisticsStore store, RegionStore regions,
        [FromKeyedServices(DomainClock.Key)] TimeProvider clock, CancellationToken cancellationToken)
    {
        if (StatisticsProblems.Range(from, to, clock, out var problem) is not { } range)
            return problem!;
        var prefixes = await ScopedNumbers.PrefixesAsync(http.User, regions, cancellationToken);
        var counts = await store.UsersByDayAsync(range, prefixes, cancellationToken);
        var registered = await store.RegisteredAsync(prefixes, cancellationToken);
        long Of(long day, string operation) => counts.Where(c => c.Day == day && c.Key == operation).Sum(c => c.Count);
        var days = Enumerable.Range(0, range.Days)
            .Select(d => new UsersOnDay(range.Day(d), Of(d, StatisticsStore.Register), Of(d, StatisticsStore.Login)))
            .ToList();
        return TypedResults.Ok(new UserStatistics(range.From, range.To, registered, days));
    }

    private static async Task<Results<Ok<OperationStatistics>, ProblemHttpResult>> Operations(
        string? from, string? to, string? operation, HttpContext http, StatisticsStore store, RegionStore regions,
        [FromKeyedServices(DomainClock.Key)] TimeProvider clock, CancellationToken cancellationToken)
    {
        if (operation is not null && !IsOperationName(operation))
            return StatisticsProblems.Malformed("operation: an operation name, e.g. download, delete, register, login.");
        if (StatisticsProblems.Range(from, to, clock, out var problem) is not { } range)
            return problem!;
        var prefixes = await ScopedNumbers.PrefixesAsync(http.User, regions, cancellationToken);
        var counts = await store.OperationsByDayAsync(range, operation, prefixes, cancellationToken);
        var rows = counts
            .OrderBy(c => c.Day).ThenBy(c => c.Key, StringComparer.Ordinal).ThenBy(c => c.Result, StringComparer.Ordinal)
            .Select(c => new OperationsOnDay(range.Day(c.Day), c.Key, c.Result, c.Count))
            .ToList();
        return TypedResults.Ok(new OperationStatistics(range.From, range.To, rows));
    }

    private static async Task<Results<Ok<DownloadStatistics>, ProblemHttpResult>> Downloads(
        string? from, string? to, HttpContext http, StatisticsStore store, RegionStore regions, ICatalogue catalogue,
        [FromKeyedServices(DomainClock.Key)] TimeProvider clock, CancellationToken cancellationToken)
    {
        if (StatisticsProblems.Range(from, to, clock, out var problem) is not { } range)
            return problem!;
        var prefixes = await ScopedNumbers.PrefixesAsync(http.User, regions, cancellationToken);
        var counts = await store.DownloadsByDayAsync(range, prefixes, cancellationToken);
        var applications = counts
            .GroupBy(c => c.Key, StringComparer.Ordinal)
            .Select(app =>
            {
                var definition = catalogue.FindApplication(app.Key);
                var days = app.GroupBy(c => c.Day).OrderBy(d => d.Key)
                    .Select(d => new DownloadsOnDay(range.Day(d.Key), Succeeded(d), Failed(d)))
                    .ToList();
                return new ApplicationDownloads(app.Key, definition?.Name, definition?.ServiceProvider, Succeeded(app), Failed(app), days);
            })
            .OrderByDescending(a => a.Succeeded).ThenBy(a => a.ApplicationAid, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new DownloadStatistics(range.From, range.To, applications));
    }

    private static async Task<Results<Ok<RegionStatistics>, ProblemHttpResult>> Regions(
        string? from, string? to, string? level, HttpContext http, StatisticsStore store, RegionStore regions,
        [FromKeyedServices(DomainClock.Key)] TimeProvider clock, CancellationToken cancellationToken)
    {
        RegionLevel? parsed = level switch
        {
            null or "province" => RegionLevel.Province,
            "city" => RegionLevel.City,
            "county" => RegionLevel.County,
            _ => null,
        };
        if (parsed is not { } at)
            return StatisticsProblems.Malformed("level: province, city or county.");
        if (StatisticsProblems.Range(from, to, clock, out var problem) is not { } range)
            return problem!;
        var prefixes = await ScopedNumbers.PrefixesAsync(http.User, regions, cancellationToken);
        var snapshot = await regions.SnapshotAsync(cancellationToken);
        var tally = new RegionTally(snapshot, at, RegionScope.Of(http.User));
        foreach (var count in await store.ActivityBySegmentAsync(range, RegionTally.PrefixLength(snapshot), prefixes, cancellationToken))
            tally.Add(count);
        return TypedResults.Ok(new RegionStatistics(range.From, range.To, at, tally.Result()));
    }

    private static long Succeeded(IEnumerable<DayCount> counts) => counts.Where(c => c.Result == StatisticsStore.Succeeded).Sum(c => c.Count);

    private static long Failed(IEnumerable<DayCount> counts) => counts.Where(c => c.Result != StatisticsStore.Succeeded).Sum(c => c.Count);

    private static bool IsOperationName(string text) =>
        text.Length is > 0 and <= 64 && text.All(c => char.IsAsciiLetterLower(c) || c == '-');
}
