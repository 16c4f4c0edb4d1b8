namespace Tsm.Gateway.Security.Boss;

/// <summary>
/// How one BOSS instance proves itself: the SHA-256 (hex) of an API key it sends in <c>X-Boss-Key</c>, or of the client
/// certificate it presents (mutual TLS). Only hashes are configured; the key itself never is (docs/security.md, "BOSS").
/// </summary>
public sealed class BossCredential
{
    /// <summary>SHA-256 of each accepted API key, 64 hex digits (several during a key change).</summary>
    public List<string> ApiKeySha256 { get; set; } = [];

    /// <summary>SHA-256 thumbprints of accepted client certificates, 64 hex digits.</summary>
    public List<string> CertificateSha256 { get; set; } = [];
}
