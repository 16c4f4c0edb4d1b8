namespace Tsm.Gateway.Api;

/// <summary>
/// Options of request bodies (section "RequestBody"; docs/wallet-protocol.md "Request size"). The SERAM, wallet and
/// service-provider routes read at most <see cref="MaxBytes"/>; a longer body is answered 413 with problem details.
/// Kestrel's own <c>Limits:MaxRequestBodySize</c> (30,000,000 bytes unless configured) stays the hard cap of the
/// connection: up to it, the rest of a refused body is read and dropped so that the client gets the 413 answer.
/// </summary>
public sealed class RequestBodyOptions
{
    public const string Section = "RequestBody";

    /// <summary>The largest body a request may have, in bytes (default 1 MiB).</summary>
    public long MaxBytes { get; set; } = 1024 * 1024;
}
