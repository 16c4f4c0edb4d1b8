using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Security;

namespace Tsm.Gateway.Observability;

/// <summary>
/// A Prometheus scraper's credential (docs/operations.md, "Scraping"): <c>Authorization: Bearer &lt;token&gt;</c> whose
/// SHA-256 is one of <see cref="ObservabilityOptions.ScrapeTokenHashes"/> becomes a principal holding
/// <see cref="Permissions.MetricsRead"/> and nothing else. Compared in constant time; any other bearer token is left to
/// the operators' scheme (no result here).
/// </summary>
public sealed class MetricsScrapeAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<ObservabilityOptions> observability)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "MetricsScrape";

    private const string Prefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var hashes = observability.Value.ScrapeTokenHashes;
        var header = Request.Headers.Authorization.ToString();
        if (hashes.Count == 0 || !header.StartsWith(Prefix, StringComparison.Ordinal))
            return Task.FromResult(AuthenticateResult.NoResult());
        if (!SecretHashes.Matches(SecretHashes.Of(header[Prefix.Length..].Trim()), hashes))
            return Task.FromResult(AuthenticateResult.NoResult());
        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, "metrics-scraper"));
        identity.AddClaim(new Claim(TsmClaims.Permission, Permissions.MetricsRead));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
