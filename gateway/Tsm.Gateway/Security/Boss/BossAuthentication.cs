using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Security.Boss;

/// <summary>
/// Authenticates the operator's business system (docs/security.md, "BOSS"): an API key in <see cref="KeyHeader"/>
/// whose SHA-256 is configured for one BOSS instance, or a client certificate whose SHA-256 thumbprint is
/// (<see cref="SecretHashes"/>); the key is never kept, logged or echoed.
/// </summary>
public sealed class BossAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptionsMonitor<BossOptions> boss)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Boss";

    public const string KeyHeader = "X-Boss-Key";

    /// <summary>The role every BOSS principal carries, as the audit log records it.</summary>
    public const string Role = "boss";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        byte[] presented;
        Func<BossCredential, List<string>> hashes;
        if (Request.Headers.TryGetValue(KeyHeader, out var keys))
        {
            if (keys.Count != 1 || string.IsNullOrEmpty(keys[0]))
                return Task.FromResult(AuthenticateResult.Fail($"Send one {KeyHeader}."));
            presented = SecretHashes.Of(keys[0]!);
            hashes = c => c.ApiKeySha256;
        }
        else if (Context.Connection.ClientCertificate is { } certificate)
        {
            presented = certificate.GetCertHash(HashAlgorithmName.SHA256);
            hashes = c => c.CertificateSha256;
        }
        else
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        // Every instance is tried, so the time taken does not say which BOSS a key (nearly) belongs to.
        string? system = null;
        foreach (var (id, credential) in boss.CurrentValue.Systems)
        {
            if (SecretHashes.Matches(presented, hashes(credential)))
                system ??= id;
        }
        if (system is null)
            return Task.FromResult(AuthenticateResult.Fail("The credential is not one of a configured BOSS."));
        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, system));
        identity.AddClaim(new Claim(ClaimTypes.Role, Role));
        identity.AddClaim(new Claim(TsmClaims.Boss, system));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"ApiKey header=\"{KeyHeader}\"";
        await Results.Problem(title: "Not authenticated",
            detail: $"Present the BOSS's API key in {KeyHeader}, or its client certificate.",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }
}
