namespace Tsm.Gateway.Hardening;

/// <summary>Transport settings (section "Security"; docs/security.md, "Transport (HTTPS)").</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Outside Development and Testing the gateway refuses to start without an HTTPS endpoint or with
    /// <c>AllowedHosts</c> "*". True waives both: TLS ends at a reverse proxy in front, which also checks host names.
    /// </summary>
    public bool AllowInsecureHttp { get; set; }
}
