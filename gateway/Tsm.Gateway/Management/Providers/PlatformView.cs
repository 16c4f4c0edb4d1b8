namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// A business platform as seen from one provider: what it may do for that provider, the other providers it acts for,
/// its API key hashes (never keys), certificate thumbprints and callback URL (never the secret).
/// </summary>
public sealed record PlatformView(
    string Id,
    IReadOnlyList<string> Capabilities,
    IReadOnlyList<string> OtherProviders,
    IReadOnlyList<string> ApiKeySha256,
    IReadOnlyList<string> CertificateThumbprints,
    string? CallbackUrl,
    bool HasCallbackSecret)
{
    public static PlatformView Of(StoredPlatform platform, string provider)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return new PlatformView(platform.Id, platform.Grants.GetValueOrDefault(provider) ?? [],
            [.. platform.Grants.Keys.Where(p => p != provider)], platform.ApiKeySha256, platform.CertificateThumbprints,
            platform.CallbackUrl, platform.ProtectedCallbackSecret is not null);
    }
}
