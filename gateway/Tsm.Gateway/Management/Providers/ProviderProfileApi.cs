using Tsm.Gateway.Api;
using Tsm.Gateway.Security;
using Tsm.Grains.Management.Providers;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// A provider's own staff (accounts with a provider, permission provider.profile) read their provider and edit its
/// extended attributes (requirement 5.6.4); a basic attribute is the operator's to change: 403 naming the fields.
/// </summary>
public static class ProviderProfileApi
{
    public const string Path = "/sp/v1/provider";

    public static IEndpointRouteBuilder MapProviderProfileApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Mapped on the path itself (not a group's ""), so the route reads "/sp/v1/provider" as in the OpenAPI document.
        app.MapGet(Path, Get).WithTags("Service providers").RequireAuthorization(Permissions.ProviderProfile)
            .WithSummary("The signed-in account's provider.");
        app.MapPatch(Path, Edit).WithTags("Service providers").RequireAuthorization(Permissions.ProviderProfile).AuditedAs("provider.profile.edit")
            .WithSummary("Change the provider's extended attributes (address, postcode, telephone, fax, contact); basic ones are the operator's.");
        return app;
    }

    private static Task<IResult> Get(HttpContext http, ProviderStore store, CancellationToken cancellationToken) =>
        Problems.Guard(async () => Results.Ok(ProviderView.Of(await OwnAsync(http, store, cancellationToken))));

    private static Task<IResult> Edit(ProviderRequest? request, HttpContext http, ProviderStore store, AuditNote note, CancellationToken cancellationToken) =>
        Problems.Guard(async () =>
        {
            if (request is null)
                return Problems.Invalid(["body: the extended attributes to change."]);
            var current = await OwnAsync(http, store, cancellationToken);
            note.Target = current.Key;
            if (request.BasicFieldsNamed() is { Count: > 0 } basic)
                throw new RefusedException(RefusalCode.BasicAttributesOperatorOnly,
                    $"Basic attributes ({string.Join(", ", basic)}) are changed by an operator after the provider's written application; a provider edits its extended attributes only.");
            var extended = ProviderEdits.Extended(request, current.Extended);
            if (ProviderAttributes.Check(extended) is { Count: > 0 } problems)
                return Problems.Invalid(problems);
            var change = await store.UpdateAttributesAsync(current.Key, r => r with { Extended = extended }, cancellationToken);
            note.After = "extended attributes";
            return Results.Ok(ProviderView.Of(change.After));
        });

    /// <summary>The caller's provider; a blacklisted or deregistered one is refused (its sessions end, this closes the rest).</summary>
    internal static async Task<ServiceProviderRecord> OwnAsync(HttpContext http, ProviderStore store, CancellationToken cancellationToken)
    {
        var key = http.User.FindFirst(TsmClaims.Provider)?.Value
            ?? throw new RefusedException(RefusalCode.UnknownProvider, "The signed-in account belongs to no service provider.");
        var provider = await store.FindAsync(key, cancellationToken)
            ?? throw new RefusedException(RefusalCode.UnknownProvider, "The account's service provider is not registered.");
        if (provider.Status.IsBlocked())
            throw new RefusedException(RefusalCode.ProviderBlacklisted, $"The provider is {provider.Status.Name()}.");
        return provider;
    }
}
