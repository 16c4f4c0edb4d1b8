using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Tsm.Gateway.ServiceProviders;

namespace Tsm.Gateway.Security.Platforms;

/// <summary>
/// Authenticates business platforms (docs/sp-api.md, "Authentication"): the API key or pinned client certificate that
/// <see cref="SpAuthenticator"/> checks becomes a principal naming the platform, the providers it acts for and its
/// capabilities per provider. Its challenge is a 401 problem saying what to present.
/// </summary>
public sealed class ServicePlatformAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, SpAuthenticator authenticator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ServicePlatform";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var platform = await authenticator.AuthenticateAsync(Context);
        if (platform is null)
            return Context.Request.Headers.ContainsKey(SpAuthenticator.ApiKeyHeader)
                ? AuthenticateResult.Fail("The API key is not one of a registered platform.")
                : AuthenticateResult.NoResult();
        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, platform.Id));
        identity.AddClaim(new Claim(TsmClaims.Platform, platform.Id));
        foreach (var (provider, capabilities) in platform.Providers)
        {
            identity.AddClaim(new Claim(TsmClaims.Provider, provider));
            foreach (var capability in capabilities)
                identity.AddClaim(new Claim(TsmClaims.Capability, SpPlatform.CapabilityClaim(provider, capability)));
        }
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"ApiKey header=\"{SpAuthenticator.ApiKeyHeader}\"";
        await Results.Problem(title: "Not authenticated",
            detail: $"Present the platform's API key in {SpAuthenticator.ApiKeyHeader}, or its client certificate.",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }
}
