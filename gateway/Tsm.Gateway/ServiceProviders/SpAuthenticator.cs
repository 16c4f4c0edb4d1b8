using System.Security.Cryptography;
using System.Text;
using Tsm.Gateway.Management.Providers;

namespace Tsm.Gateway.ServiceProviders;

/// <summary>An authenticated business platform and what it may do (requirement 5.7.1).</summary>
public sealed record SpPlatform(string Id, IReadOnlyDictionary<string, IReadOnlyList<string>> Providers)
{
    /// <summary>The provider a request acts for: the one it names, or the platform's only one; null when it names none and there are several.</summary>
    public string? ProviderFor(string? named) =>
        named is not null ? named : Providers.Count == 1 ? Providers.Keys.First() : null;

    public bool ActsFor(string provider) => Providers.ContainsKey(provider);

    public bool May(string provider, string capability) =>
        Providers.TryGetValue(provider, out var granted) && granted.Contains(capability, StringComparer.Ordinal);

    /// <summary>The claim value that grants <paramref name="capability"/> for <paramref name="provider"/>.</summary>
    public static string CapabilityClaim(string provider, string capability) => provider + " " + capability;

    /// <summary>The platform a principal of the service-platform scheme stands for.</summary>
    public static SpPlatform From(System.Security.Claims.ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var id = principal.FindFirst(Security.TsmClaims.Platform)?.Value
            ?? throw new InvalidOperationException("The principal is not a business platform.");
        var providers = principal.FindAll(Security.TsmClaims.Provider).Select(c => c.Value).ToDictionary(p => p, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var claim in principal.FindAll(Security.TsmClaims.Capability))
        {
            var space = claim.Value.LastIndexOf(' ');
            if (space > 0 && providers.TryGetValue(claim.Value[..space], out var list))
                list.Add(claim.Value[(space + 1)..]);
        }
        return new SpPlatform(id, providers.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal));
    }
}

/// <summary>
/// Authenticates business platforms: an API key in <see cref="ApiKeyHeader"/> whose SHA-256 matches a stored hash
/// (compared in constant time against every stored hash), or a client certificate whose SHA-256 thumbprint is stored.
/// The platforms are data (docs/management/providers.md, "Business platforms"), read from this silo's snapshot. Keys
/// are never kept, logged or echoed.
/// </summary>
public sealed class SpAuthenticator(PlatformStore platforms)
{
    public const string ApiKeyHeader = "X-Api-Key";

    public async ValueTask<SpPlatform?> AuthenticateAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var snapshot = await platforms.SnapshotAsync(context.RequestAborted);
        if (context.Request.Headers.TryGetValue(ApiKeyHeader, out var keys) && keys.Count == 1 && !string.IsNullOrEmpty(keys[0]))
        {
            var presented = new byte[SHA256.HashSizeInBytes];
            SHA256.HashData(Encoding.UTF8.GetBytes(keys[0]!), presented);
            return From(snapshot.FindByKeyHash(presented));
        }
        if (context.Connection.ClientCertificate is { } certificate)
            return From(snapshot.FindByThumbprint(certificate.GetCertHashString(HashAlgorithmName.SHA256)));
        return null;
    }

    private static SpPlatform? From(StoredPlatform? platform) =>
        platform is null ? null : new(platform.Id, platform.Grants.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
}
