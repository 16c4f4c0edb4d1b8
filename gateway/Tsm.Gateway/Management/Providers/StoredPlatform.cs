namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// A business platform as stored (requirement 5.7.1; docs/management/providers.md, "Business platforms"): the providers
/// it acts for with the capabilities granted for each, its credentials (API key hashes, certificate thumbprints, both
/// upper-case SHA-256 hex) and its callback, whose secret stays protected until a callback is signed.
/// </summary>
public sealed record StoredPlatform
{
    public required string Id { get; init; }

    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Grants { get; init; }

    public required IReadOnlyList<string> ApiKeySha256 { get; init; }

    public required IReadOnlyList<string> CertificateThumbprints { get; init; }

    public string? CallbackUrl { get; init; }

    /// <summary>The callback secret under Data Protection (never the secret itself).</summary>
    public string? ProtectedCallbackSecret { get; init; }
}
