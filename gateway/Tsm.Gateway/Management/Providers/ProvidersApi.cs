using Tsm.Gateway.Api;
using Tsm.Gateway.Security;
using Tsm.Grains.Management.Providers;
using Tsm.Grains.Ota;
using Tsm.Gateway.Idempotency;

namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// Service providers for operators (requirements 5.6.2–5.6.6; docs/management/providers.md): registration, query by
/// status, basic attributes, approval by another operator (SPID, login account, notice), rejection, blacklist,
/// restore, deregistration. Every change is audited under its own action; refusals are problem details.
/// </summary>
public static class ProvidersApi
{
    public const string Path = "/admin/v1/providers";

    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapProvidersApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup(Path).WithTags("Service providers");
        group.MapGet("", List).RequireAuthorization(Permissions.ProvidersRead)
            .WithSummary("Providers, by ?status= (pending, approved, rejected, blacklisted, deregistered), a page at a time (?offset=, ?limit=).");
        group.MapPost("", Register).RequireAuthorization(Permissions.ProvidersRegister).Idempotent().AuditedAs("providers.register")
            .WithSummary("Register a provider (basic and extended attributes); it waits for another operator's approval.");
        group.MapGet("/{provider}", Get).RequireAuthorization(Permissions.ProvidersRead)
            .WithSummary("One provider, by registration id or SPID.");
        group.MapPatch("/{provider}", Edit).RequireAuthorization(Permissions.ProvidersRegister).AuditedAs("providers.edit")
            .WithSummary("Change a provider's attributes, basic ones included (after its written application).");
        group.MapPost("/{provider}/approve", (string provider, ProviderReason? body, HttpContext http, CancellationToken ct) => Decide(provider, ProviderAction.Approve, body, http, ct))
            .RequireAuthorization(Permissions.ProvidersApprove).AuditedAs("providers.approve")
            .WithSummary("Approve a registration (not the registrant's own): the SPID is issued, the login account made and its password sent to the contact.");
        group.MapPost("/{provider}/reject", (string provider, ProviderReason? body, HttpContext http, CancellationToken ct) => Decide(provider, ProviderAction.Reject, body, http, ct))
            .RequireAuthorization(Permissions.ProvidersApprove).AuditedAs("providers.reject")
            .WithSummary("Reject a registration, with a reason (not the registrant's own).");
        group.MapPost("/{provider}/blacklist", (string provider, ProviderReason? body, HttpContext http, CancellationToken ct) => Decide(provider, ProviderAction.Blacklist, body, http, ct))
            .RequireAuthorization(Permissions.ProvidersApprove).AuditedAs("providers.blacklist")
            .WithSummary("Blacklist a provider, with a reason: no sign-in, no new download or install; delete and lock still work.");
        group.MapPost("/{provider}/restore", (string provider, ProviderReason? body, HttpContext http, CancellationToken ct) => Decide(provider, ProviderAction.Restore, body, http, ct))
            .RequireAuthorization(Permissions.ProvidersApprove).AuditedAs("providers.restore")
            .WithSummary("Take a provider off the blacklist, with a reason.");
        group.MapPost("/{provider}/deregister", (string provider, ProviderReason? body, HttpContext http, CancellationToken ct) => Decide(provider, ProviderAction.Deregister, body, http, ct))
            .RequireAuthorization(Permissions.ProvidersApprove).AuditedAs("providers.deregister")
            .WithSummary("Deregister a provider whose applications are all archived: its accounts are disabled and its contact told.");
        return app;
    }

    private static async Task<IResult> List(string? status, int? offset, int? limit, ProviderStore store, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        ProviderStatus? wanted = null;
        if (status is not null)
        {
            if (ProviderStatusNames.TryParse(status, out var parsed))
                wanted = parsed;
            else
                problems.Add("status: one of pending, approved, rejected, blacklisted, deregistered.");
        }
        if (offset is < 0)
            problems.Add("offset: 0 or more.");
        if (limit is < 1 or > MaxPageSize)
            problems.Add($"limit: 1 to {MaxPageSize}.");
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        var page = await store.ListAsync(wanted, offset ?? 0, limit ?? 50, cancellationToken);
        return Results.Ok(new ProviderListView([.. page.Items.Select(ProviderView.Of)], page.Total, page.Offset, page.Limit));
    }

    private static async Task<IResult> Get(string provider, ProviderStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(provider, cancellationToken) is { } record ? Results.Ok(ProviderView.Of(record)) : Unknown();

    private static async Task<IResult> Register(ProviderRequest? request, ProviderStore store, AuditNote note, HttpContext http, CancellationToken cancellationToken)
    {
        if (request is null)
            return Problems.Invalid(["body: the provider's attributes, e.g. {\"name\": …, \"type\": …, \"businessRegistrationNumber\": …}."]);
        var basics = ProviderEdits.Basics(request);
        var extended = ProviderEdits.Extended(request);
        var problems = ProviderAttributes.Check(basics).Concat(ProviderAttributes.Check(extended)).ToList();
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        var record = await store.RegisterAsync(basics, extended, Actor(http), cancellationToken);
        note.Target = record.Id;
        note.After = ProviderEdits.Summary(record);
        return Results.Created($"{Path}/{record.Id}", ProviderView.Of(record));
    }

    private static Task<IResult> Edit(string provider, ProviderRequest? request, ProviderStore store, AuditNote note, CancellationToken cancellationToken) =>
        Problems.Guard(async () =>
        {
            if (request is null)
                return Problems.Invalid(["body: the attributes to change."]);
            var current = await store.FindAsync(provider, cancellationToken) ?? throw UnknownProvider();
            var basics = ProviderEdits.Basics(request, current.Basics);
            var extended = ProviderEdits.Extended(request, current.Extended);
            var problems = ProviderAttributes.Check(basics).Concat(ProviderAttributes.Check(extended)).ToList();
            if (problems.Count > 0)
                return Problems.Invalid(problems);
            var change = await store.UpdateAttributesAsync(provider, r => r with { Basics = basics, Extended = extended }, cancellationToken);
            note.Target = change.After.Key;
            note.Before = ProviderEdits.Summary(change.Before);
            note.After = ProviderEdits.Summary(change.After) + " fields " + string.Join(",", request.BasicFieldsNamed());
            return Results.Ok(ProviderView.Of(change.After));
        });

    private static Task<IResult> Decide(string provider, ProviderAction action, ProviderReason? body, HttpContext http, CancellationToken cancellationToken) =>
        Problems.Guard(async () =>
        {
            if (ProviderLifecycle.CheckReason(action, body?.Reason) is { } problem)
                return Problems.Invalid([problem]);
            var services = http.RequestServices;
            var store = services.GetRequiredService<ProviderStore>();
            var note = services.GetRequiredService<AuditNote>();
            note.Target = provider;
            if (action == ProviderAction.Deregister)
            {
                var current = await store.FindAsync(provider, cancellationToken) ?? throw UnknownProvider();
                // The state is checked first, so a rejected provider is refused for its state, not its applications.
                ProviderLifecycle.Next(current.Status, action);
                ProviderLifecycle.CheckDeregistration(await services.GetRequiredService<IApplicationCensus>().CountUnarchivedAsync(current.Key, cancellationToken));
            }
            var decision = await store.DecideAsync(provider, action, Actor(http), body?.Reason, cancellationToken);
            note.Target = decision.After.Key;
            note.Before = ProviderEdits.Summary(decision.Before);
            note.After = ProviderEdits.Summary(decision.After);
            var actions = services.GetRequiredService<ProviderDecisions>();
            var outcome = await actions.FollowUpAsync(decision, action, cancellationToken);
            if (outcome.Failure is { } failure)
                return failure;
            return Results.Ok(new ProviderDecisionView(ProviderView.Of(outcome.Provider), outcome.Notification));
        });

    private static string Actor(HttpContext http) => http.User.Identity?.Name ?? "unknown";

    private static RefusedException UnknownProvider() =>
        new(RefusalCode.UnknownProvider, "No service provider has this registration id or SPID.");

    private static IResult Unknown() => Problems.Refused(UnknownProvider().Refusal);
}
