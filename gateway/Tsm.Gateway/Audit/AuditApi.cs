using Microsoft.AspNetCore.Http.HttpResults;
using Tsm.Gateway.Security;

namespace Tsm.Gateway.Audit;

/// <summary>
/// The audit log over HTTP (requirement 7.4; docs/security.md, "Audit log"), for holders of
/// <see cref="Permissions.AuditRead"/>. A caller scoped to a region (a <see cref="TsmClaims.Region"/> claim) sees
/// only rows whose region starts with its own, whatever region it asks for; verification covers the whole chain and
/// answers no row content.
/// </summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/admin/v1/audit").WithTags("Audit");
        group.MapGet("", Query)
            .RequireAuthorization(Permissions.AuditRead)
            .WithSummary("Audit log rows, newest first; filters: from, to, actor, action (prefix), target, outcome, region (prefix); paging: before (seq), limit (1..500).")
            .Produces<AuditPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/verify", Verify)
            .RequireAuthorization(Permissions.AuditRead)
            .WithSummary("Walk the whole hash chain: intact (with the head seq and hash), or the first bad row and why.")
            .Produces<AuditVerification>();
        return app;
    }

    private static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> Query(
        [AsParameters] AuditQueryParameters parameters, HttpContext http, IAuditLog log, CancellationToken cancellationToken)
    {
        var (query, problems) = parameters.Parse();
        if (query is null)
            return TypedResults.Problem(title: "Invalid request", detail: string.Join(" ", problems), statusCode: StatusCodes.Status400BadRequest);
        var scope = http.User.FindFirst(TsmClaims.Region)?.Value;
        if (scope is not null && !AuditQueryParameters.IsRegionCode(scope))
            return TypedResults.Problem(title: "Forbidden", detail: "The account's region is not a region code.", statusCode: StatusCodes.Status403Forbidden);
        if (!TryNarrow(scope, query.RegionPrefix, out var region))
            return TypedResults.Ok(new AuditPage([], null));
        var rows = await log.QueryAsync(query with { RegionPrefix = region }, cancellationToken);
        return TypedResults.Ok(new AuditPage(rows, rows.Count == query.Limit ? rows[^1].Seq : null));
    }

    private static async Task<Ok<AuditVerification>> Verify(IAuditLog log, CancellationToken cancellationToken) =>
        TypedResults.Ok(await log.VerifyAsync(cancellationToken));

    /// <summary>
    /// The region filter for a caller scoped to <paramref name="scope"/> (null: national) asking for
    /// <paramref name="requested"/>: the narrower of the two; false when they have no row in common.
    /// </summary>
    internal static bool TryNarrow(string? scope, string? requested, out string? region)
    {
        if (scope is null || (requested is not null && requested.StartsWith(scope, StringComparison.Ordinal)))
        {
            region = requested;
            return true;
        }

        region = scope;
        return requested is null || scope.StartsWith(requested, StringComparison.Ordinal);
    }
}
