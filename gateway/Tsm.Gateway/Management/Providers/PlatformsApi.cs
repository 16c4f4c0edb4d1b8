using System.Security.Cryptography;
using System.Text;
using Tsm.Gateway.Api;
using Tsm.Gateway.Security;
using Tsm.Gateway.ServiceProviders;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// A provider's business platforms for operators (requirement 5.7.1; docs/management/providers.md, "Business
/// platforms"): grant a platform capabilities for the provider (making the platform when new), take the grant back,
/// issue and revoke API keys. An issued key is in the answer once; only its SHA-256 is stored.
/// </summary>
public static class PlatformsApi
{
    public static IEndpointRouteBuilder MapPlatformsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup(ProvidersApi.Path + "/{provider}/platforms").WithTags("Service providers");
        group.MapGet("", List).RequireAuthorization(Permissions.ProvidersRead)
            .WithSummary("The business platforms that act for the provider, with their grants for it.");
        group.MapPut("/{platform}", Put).RequireAuthorization(Permissions.ProvidersRegister).AuditedAs("platforms.grant")
            .WithSummary("Grant a platform capabilities for the provider (the platform is made when new); optionally set its callback and certificate thumbprints.");
        group.MapDelete("/{platform}", Remove).RequireAuthorization(Permissions.ProvidersRegister).AuditedAs("platforms.revoke")
            .WithSummary("Take the provider's grant from a platform; a platform left with no provider is deleted.");
        group.MapPost("/{platform}/api-keys", IssueKey).RequireAuthorization(Permissions.ProvidersRegister).AuditedAs("platforms.api-key.issue")
            .WithSummary("Issue a new API key of the platform: returned in this answer only, its SHA-256 stored.");
        group.MapDelete("/{platform}/api-keys/{sha256}", RevokeKey).RequireAuthorization(Permissions.ProvidersRegister).AuditedAs("platforms.api-key.revoke")
            .WithSummary("Revoke an API key of the platform by its SHA-256.");
        return app;
    }

    private static Task<IResult> List(string provider, ProviderStore providers, PlatformStore platforms, CancellationToken cancellationToken) =>
        Problems.Guard(async () =>
        {
            var key = await KeyOfAsync(provider, providers, cancellationToken);
            return Results.Ok<IReadOnlyList<PlatformView>>([.. (await platforms.ListForProviderAsync(key, cancellationToken)).Select(p => PlatformView.Of(p, key))]);
        });

    private static Task<IResult> Put(string provider, string platform, PlatformGrantRequest? request, ProviderStore providers, PlatformStore platforms, AuditNote note, CancellationToken cancellationToken) =>
        Problems.Guard(async () =>
        {
            if (request is null)
                return Problems.Invalid(["body: {\"capabilities\": [\"download\", …]}."]);
            var problems = Check(platform, request);
            if (problems.Count > 0)
                return Problems.Invalid(problems);
            var key = await KeyOfAsync(provider, providers, cancellationToken);
            note.Target = $"{platform} {key}";
            var created = await platforms.PutGrantAsync(platform, key, request.Capabilities!,
                new PlatformSettings(request.CallbackUrl, request.CallbackSecret, request.CertificateThumbprints), cancellationToken);
            note.After = string.Join(" ", request.Capabilities!) + (request.CallbackUrl is null ? "" : " callback " + (request.CallbackUrl.Length == 0 ? "removed" : "set"));
            var view = PlatformView.Of((await platforms.SnapshotAsync(cancellationToken)).Find(platform)!, key);
            return created ? Results.Created($"{ProvidersApi.Path}/{key}/platforms/{platform}", view) : Results.Ok(view);
        });

    /// <summary>The shape of a grant request (the platform id, capabilities, callback, thumbprints): the problems, none when good.</summary>
    internal static List<string> Check(string platform, PlatformGrantRequest request)
    {
        var problems = new List<string>();
        CheckId(platform, problems);
        if (request.Capabilities is not { Count: > 0 } capabilities || capabilities.Any(c => !SpCapabilities.All.Contains(c)))
            problems.Add($"capabilities: one or more of {string.Join(", ", SpCapabilities.All)}.");
        if (!string.IsNullOrEmpty(request.CallbackUrl))
        {
            if (!Uri.TryCreate(request.CallbackUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                problems.Add("callbackUrl: an absolute http or https URL (\"\" removes the callback).");
            if (request.CallbackSecret is not { Length: >= 16 and <= 256 })
                problems.Add("callbackSecret: 16 to 256 characters, required with a callback URL.");
        }
        if (request.CertificateThumbprints is { } thumbprints && (thumbprints.Count > 10 || thumbprints.Any(t => t.Length != 64 || !t.All(Uri.IsHexDigit))))
            problems.Add("certificateThumbprints: at most 10 SHA-256 thumbprints, 64 hex digits each.");
        return problems;
    }

    /// <summary>A new API key ("tsm_" and 32 random bytes, base64url) and its SHA-256 (upper-case hex), the only part stored.</summary>
    internal static (string ApiKey, string Sha256) NewApiKey()
    {
        var apiKey = "tsm_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (apiKey, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey))));
    }

    private static Task<IResult> Remove(string provider, string platform, ProviderStore providers, PlatformStore platforms, AuditNote note, CancellationToken cancellationToken) =>
        Problems.Guard(async () =>
        {
            var key = await KeyOfAsync(provider, providers, cancellationToken);
            note.Target = $"{platform} {key}";
            return await platforms.RemoveGrantAsync(platform, key, cancellationToken) ? Results.NoContent() : throw UnknownPlatform();
        });

    private static Task<IResult> IssueKey(string provider, string platform, ProviderStore providers, PlatformStore platforms, AuditNote note, CancellationToken cancellationToken) =>
        Problems.Guard(async () =>
        {
            var key = await KeyOfAsync(provider, providers, cancellationToken);
            if ((await platforms.SnapshotAsync(cancellationToken)).Find(platform) is not { } stored || !stored.Grants.ContainsKey(key))
                throw UnknownPlatform();
            // The key exists in this answer only.
            var (apiKey, hash) = NewApiKey();
            await platforms.AddApiKeyAsync(platform, hash, cancellationToken);
            note.Target = platform;
            note.After = "api key sha256 " + hash;
            return Results.Created($"{ProvidersApi.Path}/{key}/platforms/{platform}/api-keys/{hash}", new IssuedApiKey(platform, apiKey, hash));
        });

    private static Task<IResult> RevokeKey(string provider, string platform, string sha256, ProviderStore providers, PlatformStore platforms, AuditNote note, CancellationToken cancellationToken) =>
        Problems.Guard(async () =>
        {
            var key = await KeyOfAsync(provider, providers, cancellationToken);
            if ((await platforms.SnapshotAsync(cancellationToken)).Find(platform) is not { } stored || !stored.Grants.ContainsKey(key))
                throw UnknownPlatform();
            note.Target = platform;
            note.Before = "api key sha256 " + sha256;
            return await platforms.RevokeApiKeyAsync(platform, sha256, cancellationToken)
                ? Results.NoContent()
                : Results.Problem(title: "Unknown API key", detail: "The platform has no API key with this SHA-256.", statusCode: StatusCodes.Status404NotFound);
        });

    /// <summary>The provider's SPID; platforms act for approved (or blacklisted) providers only.</summary>
    private static async Task<string> KeyOfAsync(string provider, ProviderStore providers, CancellationToken cancellationToken)
    {
        var record = await providers.FindAsync(provider, cancellationToken)
            ?? throw new RefusedException(RefusalCode.UnknownProvider, "No service provider has this registration id or SPID.");
        return record.Spid ?? throw new RefusedException(RefusalCode.ProviderStateConflict,
            $"A provider that is {Grains.Management.Providers.ProviderStatusNames.Name(record.Status)} has no SPID: platforms act for approved providers.");
    }

    private static void CheckId(string id, List<string> problems)
    {
        if (id.Length is < 1 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            problems.Add("platform: 1 to 64 letters, digits, '-', '_' or '.'.");
    }

    private static RefusedException UnknownPlatform() => new(RefusalCode.UnknownPlatform, "No business platform with this id acts for the provider.");
}
