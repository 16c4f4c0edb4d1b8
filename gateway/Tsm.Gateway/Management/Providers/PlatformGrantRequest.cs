namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// What a business platform may do for one provider (requirement 5.7.1), and optionally its callback and pinned
/// certificates (null leaves them; callbackUrl "" removes the callback).
/// </summary>
public sealed record PlatformGrantRequest
{
    public IReadOnlyList<string>? Capabilities { get; init; }

    public string? CallbackUrl { get; init; }

    public string? CallbackSecret { get; init; }

    public IReadOnlyList<string>? CertificateThumbprints { get; init; }
}
