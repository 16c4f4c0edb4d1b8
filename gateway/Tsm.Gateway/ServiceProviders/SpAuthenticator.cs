using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

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
/// Authenticates business platforms: an API key in <see cref="ApiKeyHeader"/> whose SHA-256 matches a configured
/// hash (compared in constant time against every configured hash), or a client certificate whose SHA-256
/// thumbprint is configured. Keys are never kept, logged or echoed.
/// </summary>
public sealed class SpAuthenticator(IOptionsMonitor<SpOptions> options)
{
    public const string ApiKeyHeader = "X-Api-Key";

    public SpPlatform? Authenticate(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var platforms = options.CurrentValue.Platforms;
        if (context.Request.Headers.TryGetValue(ApiKeyHeader, out var keys) && keys.Count == 1 && !string.IsNullOrEmpty(keys[0]))
        {
            Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(Encoding.UTF8.GetBytes(keys[0]!), presented);
            Span<byte> configured = stackalloc byte[SHA256.HashSizeInBytes];
            string? match = null;
            foreach (var (id, platform) in platforms)
            {
                foreach (var hash in platform.ApiKeySha256)
                {
                    // Every hash is compared, so the time taken does not tell which entry (if any) matched.
                    if (Convert.FromHexString(hash, configured, out _, out _) == System.Buffers.OperationStatus.Done
                        && CryptographicOperations.FixedTimeEquals(presented, configured))
                        match ??= id;
                }
            }
            return match is null ? null : From(match, platforms[match]);
        }
        if (context.Connection.ClientCertificate is { } certificate)
        {
            var thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
            foreach (var (id, platform) in platforms)
            {
                if (platform.CertificateThumbprints.Contains(thumbprint, StringComparer.OrdinalIgnoreCase))
                    return From(id, platform);
            }
        }
        return null;
    }

    private static SpPlatform From(string id, SpPlatformOptions platform) =>
        new(id, platform.Providers.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal));
}
