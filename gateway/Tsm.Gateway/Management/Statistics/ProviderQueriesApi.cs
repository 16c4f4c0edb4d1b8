using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tsm.Gateway.Security;
using Tsm.Gateway.ServiceProviders;
using Tsm.Grains;
using Tsm.Grains.Catalogue;

namespace Tsm.Gateway.Management.Statistics;

/// <summary>
/// A provider's own queries (requirements 5.6.7.2, 5.6.7.3; docs/management/statistics.md): the operation records of
/// its applications by date, MSISDN, SEID and application, and the registered SEs holding its applications with their
/// free memory. Its staff (accounts bound to the provider, permission <see cref="Permissions.ProviderProfile"/>) ask
/// under <see cref="PortalPath"/>; its business platforms (API key or certificate) under <c>/sp/v1</c>, naming the
/// provider with <c>?provider=</c> when they act for several. Only the provider's own applications are ever read: an
/// application of another provider named in a filter is a 403, and another provider's records never match.
/// </summary>
public static class ProviderQueriesApi
{
    public const string PortalPath = SpPaths.Base + "/portal";

    /// <summary>The operations a provider may list (on its applications); downloads unless it asks for another.</summary>
    public static IReadOnlyList<string> ListedOperations { get; } = ["download", "delete", "lock", "unlock", "personalize"];

    public static IEndpointRouteBuilder MapProviderQueriesApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var portal = app.MapGroup(PortalPath).WithTags("Provider queries").RequireAuthorization(Permissions.ProviderProfile);
        portal.MapGet("/downloads", StaffRecords)
            .WithSummary("The provider's download records (or ?operation=delete|lock|unlock|personalize), newest first, by ?from=&to= (UTC dates), ?msisdn=, ?seId=, ?applicationAid=; paged with ?cursor= and ?limit=.");
        portal.MapGet("/ses", StaffSes)
            .WithSummary("Registered SEs holding the provider's applications, with their free memory; ?minFreeNonVolatile=, paged by ?after= (SEID) and ?limit=.");
        var platforms = app.MapGroup(SpPaths.Base).WithTags("Provider queries").RequireAuthorization(Policies.ServicePlatform);
        platforms.MapGet("/downloads", PlatformRecords)
            .WithSummary("As GET /sp/v1/portal/downloads, for a business platform: ?provider= when it acts for several.");
        platforms.MapGet("/ses", PlatformSes)
            .WithSummary("As GET /sp/v1/portal/ses, for a business platform: ?provider= when it acts for several.");
        return app;
    }

    private static Task<Results<Ok<ProviderRecordPage>, ProblemHttpResult>> StaffRecords(
        [AsParameters] RecordQuery query, HttpContext http, StatisticsStore store, ICatalogue catalogue,
        [FromKeyedServices(DomainClock.Key)] TimeProvider clock, CancellationToken cancellationToken) =>
        StaffProvider(http.User, out var forbidden) is { } provider
            ? RecordsAsync(provider, query, store, catalogue, clock, cancellationToken)
            : Task.FromResult<Results<Ok<ProviderRecordPage>, ProblemHttpResult>>(forbidden!);

    private static Task<Results<Ok<ProviderSePage>, ProblemHttpResult>> StaffSes(
        [AsParameters] SeQuery query, HttpContext http, StatisticsStore store, ICatalogue catalogue, CancellationToken cancellationToken) =>
        StaffProvider(http.User, out var forbidden) is { } provider
            ? SesAsync(provider, query, store, catalogue, cancellationToken)
            : Task.FromResult<Results<Ok<ProviderSePage>, ProblemHttpResult>>(forbidden!);

    private static Task<Results<Ok<ProviderRecordPage>, ProblemHttpResult>> PlatformRecords(
        string? provider, [AsParameters] RecordQuery query, HttpContext http, StatisticsStore store, ICatalogue catalogue,
        [FromKeyedServices(DomainClock.Key)] TimeProvider clock, CancellationToken cancellationToken) =>
        PlatformProvider(http.User, provider, out var refused) is { } actsFor
            ? RecordsAsync(actsFor, query, store, catalogue, clock, cancellationToken)
            : Task.FromResult<Results<Ok<ProviderRecordPage>, ProblemHttpResult>>(refused!);

    private static Task<Results<Ok<ProviderSePage>, ProblemHttpResult>> PlatformSes(
        string? provider, [AsParameters] SeQuery query, HttpContext http, StatisticsStore store, ICatalogue catalogue, CancellationToken cancellationToken) =>
        PlatformProvider(http.User, provider, out var refused) is { } actsFor
            ? SesAsync(actsFor, query, store, catalogue, cancellationToken)
            : Task.FromResult<Results<Ok<ProviderSePage>, ProblemHttpResult>>(refused!);

    /// <summary>The provider a staff account is bound to; none (an operator's account with the permission) is a 403.</summary>
    private static string? StaffProvider(ClaimsPrincipal user, out ProblemHttpResult? forbidden)
    {
        var provider = user.FindFirst(TsmClaims.Provider)?.Value;
        forbidden = string.IsNullOrEmpty(provider) ? StatisticsProblems.Forbidden("This account is not bound to a service provider.") : null;
        return string.IsNullOrEmpty(provider) ? null : provider;
    }

    /// <summary>The provider a business platform asks for: the one it names (among its own) or its only one.</summary>
    private static string? PlatformProvider(ClaimsPrincipal user, string? named, out ProblemHttpResult? refused)
    {
        var platform = SpPlatform.From(user);
        var provider = platform.ProviderFor(named);
        refused = provider is null ? StatisticsProblems.Malformed("provider: required, the platform acts for several providers.")
            : !platform.ActsFor(provider) ? StatisticsProblems.Forbidden("The platform does not act for this provider.")
            : null;
        return refused is null ? provider : null;
    }

    /// <summary>The provider's application AIDs (upper case), as the catalogue has them now.</summary>
    private static List<string> ApplicationsOf(string provider, ICatalogue catalogue) =>
        [.. catalogue.Applications.Where(a => string.Equals(a.ServiceProvider, provider, StringComparison.Ordinal)).Select(a => a.Aid.ToUpperInvariant())];

    private static async Task<Results<Ok<ProviderRecordPage>, ProblemHttpResult>> RecordsAsync(
        string provider, RecordQuery query, StatisticsStore store, ICatalogue catalogue, TimeProvider clock, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var operation = query.Operation ?? ListedOperations[0];
        if (!ListedOperations.Contains(operation, StringComparer.Ordinal))
            problems.Add($"operation: one of {string.Join(", ", ListedOperations)}.");
        if (query.Msisdn is { } msisdn && !IsMsisdn(msisdn))
            problems.Add("msisdn: 5 to 20 digits, optionally after a +.");
        if (query.SeId is { } seId && !StatisticsProblems.IsHex(seId, 64))
            problems.Add("seId: an SEID, hex.");
        if (query.ApplicationAid is { } aid && !StatisticsProblems.IsHex(aid, 32))
            problems.Add("applicationAid: an AID, 5 to 16 bytes in hex.");
        RecordCursor? cursor = null;
        if (query.Cursor is { } text && (cursor = RecordCursor.TryDecode(text)) is null)
            problems.Add("cursor: the next cursor of an earlier page.");
        var limit = query.Limit ?? 100;
        if (StatisticsProblems.Limit(limit) is not null)
            problems.Add($"limit: 1 to {StatisticsStore.MaxLimit}.");
        if (problems.Count > 0)
            return StatisticsProblems.Malformed(string.Join(" ", problems));
        if (StatisticsProblems.Range(query.From, query.To, clock, out var problem) is not { } range)
            return problem!;
        var aids = ApplicationsOf(provider, catalogue);
        var wanted = query.ApplicationAid?.ToUpperInvariant();
        if (wanted is not null && !aids.Contains(wanted, StringComparer.Ordinal))
            return StatisticsProblems.Forbidden("The application is not one of the provider's.");
        var page = await store.ProviderRecordsAsync(aids, operation, range, query.Msisdn, query.SeId?.ToUpperInvariant(), wanted, cursor, limit, cancellationToken);
        return TypedResults.Ok(page);
    }

    private static async Task<Results<Ok<ProviderSePage>, ProblemHttpResult>> SesAsync(
        string provider, SeQuery query, StatisticsStore store, ICatalogue catalogue, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (query.After is { } after && !StatisticsProblems.IsHex(after, 64))
            problems.Add("after: the SEID a page ended with, hex.");
        if (query.MinFreeNonVolatile is < 0)
            problems.Add("minFreeNonVolatile: bytes, at least 0.");
        var limit = query.Limit ?? 100;
        if (StatisticsProblems.Limit(limit) is not null)
            problems.Add($"limit: 1 to {StatisticsStore.MaxLimit}.");
        if (problems.Count > 0)
            return StatisticsProblems.Malformed(string.Join(" ", problems));
        var page = await store.ProviderSesAsync(ApplicationsOf(provider, catalogue), query.MinFreeNonVolatile, query.After?.ToUpperInvariant(), limit, cancellationToken);
        return TypedResults.Ok(page);
    }

    private static bool IsMsisdn(string text)
    {
        var digits = text.StartsWith('+') ? text[1..] : text;
        return digits.Length is >= 5 and <= 20 && digits.All(char.IsAsciiDigit);
    }
}
