using Tsm.Gateway.Api;
using Tsm.Gateway.Security;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Management;
using Tsm.Grains.Ota;
using Tsm.Gateway.Idempotency;

namespace Tsm.Gateway.Management.SecurityDomains;

/// <summary>
/// Security-domain definitions (requirements 5.3.2–5.3.4; docs/management/security-domains.md): operators apply for,
/// read, edit and delete them with <see cref="Permissions.SecurityDomainsApply"/>, another account decides them with
/// <see cref="Permissions.SecurityDomainsApprove"/>; a provider's staff see their provider's approved definitions.
/// </summary>
public static class SecurityDomainsApi
{
    public const string AdminPath = "/admin/v1/security-domains";

    public const string ProviderPath = "/sp/v1/security-domains";

    public static IEndpointRouteBuilder MapSecurityDomainsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var admin = app.MapGroup(AdminPath).WithTags("Security domains");
        admin.MapGet("", List).RequireAuthorization(Permissions.SecurityDomainsApply)
            .WithSummary("Every security-domain definition, or those of ?state= (pending, approved, rejected) and/or ?owner=.");
        admin.MapGet("/{aid}", Get).RequireAuthorization(Permissions.SecurityDomainsApply)
            .WithSummary("One definition, with whether its SD has been created on an SE.");
        admin.MapPost("", Apply).RequireAuthorization(Permissions.SecurityDomainsApply).Idempotent().AuditedAs("security-domains.apply")
            .WithSummary("Apply for a security domain for a provider or the operator; the platform allocates its AID from the operator's ranges.");
        admin.MapPost("/{aid}/approve", Approve).RequireAuthorization(Permissions.SecurityDomainsApprove).AuditedAs("security-domains.approve")
            .WithSummary("Approve a pending definition (another account than the applicant).");
        admin.MapPost("/{aid}/reject", Reject).RequireAuthorization(Permissions.SecurityDomainsApprove).AuditedAs("security-domains.reject")
            .WithSummary("Reject a pending definition with a reason (another account than the applicant).");
        admin.MapPatch("/{aid}", Edit).RequireAuthorization(Permissions.SecurityDomainsApply).AuditedAs("security-domains.edit")
            .WithSummary("Change attributes; once the SD exists on an SE only deleteWithLastApplication and keyUpdatePeriod may change.");
        admin.MapDelete("/{aid}", Delete).RequireAuthorization(Permissions.SecurityDomainsApply).AuditedAs("security-domains.delete")
            .WithSummary("Delete a definition whose SD has never been created on an SE (its AID is not given out again).");

        app.MapGet(ProviderPath, ListForProvider).RequireAuthorization(Permissions.ProviderProfile).WithTags("Service provider staff")
            .WithSummary("The approved security-domain definitions of the caller's provider.");
        return app;
    }

    private static async Task<IResult> List(string? state, string? owner, SecurityDomainStore store, CancellationToken cancellationToken)
    {
        SecurityDomainState? parsed = null;
        if (state is not null)
        {
            if (!Enum.TryParse<SecurityDomainState>(state, ignoreCase: true, out var value) || !Enum.IsDefined(value) || int.TryParse(state, out _))
                return Problems.Invalid(["state: pending, approved or rejected."]);
            parsed = value;
        }
        var records = await store.ListAsync(parsed, owner, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SecurityDomainView>>([.. records.Select(r => SecurityDomainView.Of(r))]);
    }

    private static Task<IResult> Get(string aid, SecurityDomainStore store, CancellationToken cancellationToken) => Problems.Guard(async () =>
    {
        var record = await store.GetAsync(aid, cancellationToken) ?? throw Unknown(aid);
        return TypedResults.Ok(SecurityDomainView.Of(record, await store.IsCreatedOnSeAsync(record.Aid, cancellationToken)));
    });

    private static Task<IResult> Apply(SecurityDomainBody? body, SecurityDomainStore store, AuditNote note, HttpContext http,
        ILogger<SecurityDomainStore> logger, CancellationToken cancellationToken) => Problems.Guard(async () =>
    {
        if (body is null)
            return Problems.Invalid(["body: the SD's attributes, at least {\"owner\": \"bank\"} (a provider's id or \"operator\")."]);
        var problems = new List<string>();
        if (body.Owner is null)
            problems.Add("owner: a service provider's id or \"operator\".");
        var attributes = body.Over(new SecurityDomainDefinition { Aid = "" }, problems);
        problems.AddRange(SecurityDomainRules.Check(attributes));
        if (problems.Count > 0)
            return Problems.Invalid([.. problems.Distinct()]);
        var record = await store.ApplyAsync(attributes, Actor(http), cancellationToken);
        note.Target = record.Aid;
        note.After = Summary(record);
        SecurityDomainsLog.Changed(logger, "applied", record.Aid, Actor(http));
        return TypedResults.Created($"{AdminPath}/{record.Aid}", SecurityDomainView.Of(record, false));
    });

    private static Task<IResult> Approve(string aid, SecurityDomainStore store, AuditNote note, HttpContext http,
        ILogger<SecurityDomainStore> logger, CancellationToken cancellationToken) => Problems.Guard(async () =>
    {
        note.Target = aid;
        var record = await store.ApproveAsync(aid, Actor(http), cancellationToken);
        note.After = Summary(record);
        SecurityDomainsLog.Changed(logger, "approved", record.Aid, Actor(http));
        return TypedResults.Ok(SecurityDomainView.Of(record));
    });

    private static Task<IResult> Reject(string aid, SecurityDomainRejection? body, SecurityDomainStore store, AuditNote note, HttpContext http,
        ILogger<SecurityDomainStore> logger, CancellationToken cancellationToken) => Problems.Guard(async () =>
    {
        note.Target = aid;
        if (SecurityDomainRules.CheckReason(body?.Reason) is { } problem)
            return Problems.Invalid([problem]);
        var record = await store.RejectAsync(aid, Actor(http), body!.Reason!.Trim(), cancellationToken);
        note.After = Summary(record);
        SecurityDomainsLog.Changed(logger, "rejected", record.Aid, Actor(http));
        return TypedResults.Ok(SecurityDomainView.Of(record));
    });

    private static Task<IResult> Edit(string aid, SecurityDomainBody? body, SecurityDomainStore store, AuditNote note, HttpContext http,
        ILogger<SecurityDomainStore> logger, CancellationToken cancellationToken) => Problems.Guard(async () =>
    {
        note.Target = aid;
        if (body is null)
            return Problems.Invalid(["body: the attributes to change, e.g. {\"keyUpdatePeriod\": \"90.00:00:00\"}."]);
        var before = await store.GetAsync(aid, cancellationToken) ?? throw Unknown(aid);
        var problems = new List<string>();
        var after = body.Over(before.Definition, problems);
        problems.AddRange(SecurityDomainRules.Check(after));
        if (problems.Count > 0)
            return Problems.Invalid([.. problems.Distinct()]);
        note.Before = Summary(before);
        var record = await store.EditAsync(aid, current => body.Over(current, []), Actor(http), cancellationToken);
        note.After = Summary(record);
        SecurityDomainsLog.Changed(logger, "edited", record.Aid, Actor(http));
        return TypedResults.Ok(SecurityDomainView.Of(record));
    });

    private static Task<IResult> Delete(string aid, SecurityDomainStore store, AuditNote note, HttpContext http,
        ILogger<SecurityDomainStore> logger, CancellationToken cancellationToken) => Problems.Guard(async () =>
    {
        note.Target = aid;
        var record = await store.DeleteAsync(aid, cancellationToken);
        note.Before = Summary(record);
        SecurityDomainsLog.Changed(logger, "deleted", record.Aid, Actor(http));
        return TypedResults.NoContent();
    });

    private static async Task<IResult> ListForProvider(HttpContext http, SecurityDomainStore store, CancellationToken cancellationToken)
    {
        if (http.User.FindFirst(TsmClaims.Provider)?.Value is not { Length: > 0 } provider)
            return TypedResults.Problem(title: "Not a provider's account", detail: "Only a service provider's staff see their provider's security domains.",
                statusCode: StatusCodes.Status403Forbidden);
        var records = await store.ListAsync(SecurityDomainState.Approved, provider, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SecurityDomainView>>([.. records.Select(r => SecurityDomainView.Of(r, forProvider: true))]);
    }

    private static RefusedException Unknown(string aid) =>
        new(RefusalCode.UnknownSecurityDomain, $"No security-domain definition has AID {Problems.Echo(aid)}.");

    private static string Actor(HttpContext http) => http.User.Identity?.Name ?? "unknown";

    private static string Summary(SecurityDomainRecord record)
    {
        var d = record.Definition;
        return $"{record.Aid} owner={d.Owner} state={SecurityDomainStore.StateName(record.State)} mode={d.Mode} space={(d.FixedSpace is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "shared")} "
            + $"kv={d.KeyVersion:X2} deleteWithLast={d.DeleteWithLastApplication} keyUpdate={(d.KeyUpdatePeriod is { } p ? p.ToString("c", System.Globalization.CultureInfo.InvariantCulture) : "none")}";
    }
}
