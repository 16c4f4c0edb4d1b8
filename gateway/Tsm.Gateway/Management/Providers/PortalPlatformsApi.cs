using Tsm.Gateway.Api;
using Tsm.Gateway.Security;
using Tsm.Gateway.ServiceProviders;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// A provider's staff manage their own business platforms (requirement 5.7.1; docs/management/providers.md, "Business
/// platforms: the provider's own"): list them, make one or change its callback and certificates, issue and revoke its
/// API keys, take their grant back — for their own SPID only. The operator keeps authorization: staff grant no
/// capability the operator has not granted the provider on one of its platforms, and a platform that acts for another
/// provider is the operator's to change (403). An issued key is in the answer once; only its SHA-256 is stored.
/// </summary>
public static class PortalPlatformsApi
{
    public const string Path = SpPaths.Base + "/portal/platforms";

    public static IEndpointRouteBuilder MapPortalPlatformsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup(Path).WithTags("Service providers").RequireAuthorization(Permissions.ProviderProfile);
        group.MapGet("", List).WithSummary("The provider's business platforms, with what each may do for it.");
        group.MapPut("/{platform}", Put).AuditedAs("portal.platforms.grant")
            .WithSummary("Make a platform of the provider or change it: capabilities among those the operator granted the provider, callback, certificate thumbprints.");
        group.MapDelete("/{platform}", Remove).AuditedAs("portal.platforms.revoke")
            .WithSummary("Take the provider's grant from one of its platforms; a platform left with no provider is deleted.");
        group.MapPost("/{platform}/api-keys", IssueKey).AuditedAs("portal.platforms.api-key.issue")
            .WithSummary("Issue a new API key of one of the provider's platforms: returned in this answer only, its SHA-256 stored.");
        group.MapDelete("/{platform}/api-keys/{sha256}", RevokeKey).AuditedAs("portal.platforms.api-key.revoke")
            .WithSummary("Revoke an API key of one of the provider's platforms by its SHA-256.");
        return app;
    }

    private static Task<IResult> List(HttpContext http, ProviderStore providers, PlatformStore platforms, CancellationToken cancellationToken) =>
        Problems.Guard(async () =>
        {
            var key = (await ProviderProfileApi.OwnAsync(http, providers, cancellationToken)).Key;
            // Other providers a shared platform acts for are not this provider's business.
            return Results.Ok<IReadOnlyList<PlatformView>>([.. (await platforms.ListForProviderAsync(key, cancellationToken))
                .Select(p => PlatformView.Of(p, key) with { OtherProviders = [] })]);
        });

    private static Task<IResult> Put(string platform, PlatformGrantRequest? request, HttpContext http, ProviderStore providers, PlatformStore platforms,
        AuditNote note, CancellationToken cancellationToken) =>
        Problems.Guard(async () =>
        {
            if (request is null)
                return Problems.Invalid(["body: {\"capabilities\": [\"download\", …]}."]);
            var problems = PlatformsApi.Check(platform, request);
            if (problems.Count > 0)
                return Problems.Invalid(problems);
            var key = (await ProviderProfileApi.OwnAsync(http, providers, cancellationToken)).Key;
            note.Target = $"{platform} {key}";
            var snapshot = await platforms.SnapshotAsync(cancellationToken);
            if (snapshot.Find(platform) is { } existing && existing.Grants.Keys.Any(p => p != key))
                return OthersPlatform();
            var granted = snapshot.All.Where(p => p.Grants.ContainsKey(key)).SelectMany(p => p.Grants[key]).ToHashSet(StringComparer.Ordinal);
            var beyond = request.Capabilities!.Where(c => !granted.Contains(c)).ToList();
            if (beyond.Count > 0)
                return Results.Problem(title: "Capability not granted", statusCode: StatusCodes.Status403Forbidden,
                    detail: $"The operator has not granted the provider {string.Join(", ", beyond)}: ask the operator (requirement 5.7.1).");
            var created = await platforms.PutGrantAsync(platform, key, request.Capabilities!,
                new PlatformSettings(request.CallbackUrl, request.CallbackSecret, request.CertificateThumbprints), cancellationToken);
            note.After = string.Join(" ", request.Capabilities!) + (request.CallbackUrl is null ? "" : " callback " + (request.CallbackUrl.Length == 0 ? "removed" : "set"));
            var view = PlatformView.Of((await platforms.SnapshotAsync(cancellationToken)).Find(platform)!, key);
            return created ? Results.Created($"{Path}/{platform}", view) : Results.Ok(view);
        });

    private static Task<IResult> Remove(string platform, HttpContext http, ProviderStore providers, PlatformStore platforms, AuditNote note, CancellationToken cancellationToken) =>
        Problems.Guard(async () =>
        {
            var key = (await ProviderProfileApi.OwnAsync(http, providers, cancellationToken)).Key;
            note.Target = $"{platform} {key}";
            if ((await platforms.SnapshotAsync(cancellationToken)).Find(platform) is { } stored && !stored.Grants.ContainsKey(key))
                return OthersPlatform();
            return await platforms.RemoveGrantAsync(platform, key, cancellationToken) ? Results.NoContent() : throw UnknownPlatform();
        });

    private static Task<IResult> IssueKey(string platform, HttpContext http, ProviderStore providers, PlatformStore platforms, AuditNote note, CancellationToken cancellationToken) =>
        Problems.Guard(async () =>
        {
            var key = (await ProviderProfileApi.OwnAsync(http, providers, cancellationToken)).Key;
            note.Target = platform;
            if (await OwnOnlyAsync(platform, key, platforms, cancellationToken) is { } refused)
                return refused;
            var (apiKey, hash) = PlatformsApi.NewApiKey();
            await platforms.AddApiKeyAsync(platform, hash, cancellationToken);
            note.After = "api key sha256 " + hash;
            return Results.Created($"{Path}/{platform}/api-keys/{hash}", new IssuedApiKey(platform, apiKey, hash));
        });

    private static Task<IResult> RevokeKey(string platform, string sha256, HttpContext http, ProviderStore providers, PlatformStore platforms, AuditNote note,
        CancellationToken cancellationToken) =>
        Problems.Guard(async () =>
        {
            var key = (await ProviderProfileApi.OwnAsync(http, providers, cancellationToken)).Key;
            note.Target = platform;
            note.Before = "api key sha256 " + sha256;
            if (await OwnOnlyAsync(platform, key, platforms, cancellationToken) is { } refused)
                return refused;
            return await platforms.RevokeApiKeyAsync(platform, sha256, cancellationToken)
                ? Results.NoContent()
                : Results.Problem(title: "Unknown API key", detail: "The platform has no API key with this SHA-256.", statusCode: StatusCodes.Status404NotFound);
        });

    /// <summary>
    /// A key of a platform acts for every provider the platform acts for: staff handle keys only of platforms that act
    /// for their provider alone. Null when the platform is theirs alone.
    /// </summary>
    private static async Task<IResult?> OwnOnlyAsync(string platform, string key, PlatformStore platforms, CancellationToken cancellationToken)
    {
        if ((await platforms.SnapshotAsync(cancellationToken)).Find(platform) is not { } stored)
            throw UnknownPlatform();
        return stored.Grants.ContainsKey(key) && stored.Grants.Count == 1 ? null : OthersPlatform();
    }

    private static IResult OthersPlatform() => Results.Problem(title: "Another provider's platform", statusCode: StatusCodes.Status403Forbidden,
        detail: "The platform acts for another service provider: only the operator changes it.");

    private static RefusedException UnknownPlatform() => new(RefusalCode.UnknownPlatform, "No business platform with this id acts for the provider.");
}
