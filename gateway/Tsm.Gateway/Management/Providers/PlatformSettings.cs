namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// A platform's callback and certificates as a grant request sets them: null leaves the stored value; an empty
/// callback URL removes the callback.
/// </summary>
public sealed record PlatformSettings(string? CallbackUrl, string? CallbackSecret, IReadOnlyList<string>? CertificateThumbprints)
{
    public static PlatformSettings Unchanged { get; } = new(null, null, null);
}
