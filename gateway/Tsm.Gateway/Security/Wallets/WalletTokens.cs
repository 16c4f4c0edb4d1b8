using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.Options;
using Tsm.Grains;

namespace Tsm.Gateway.Security.Wallets;

/// <summary>
/// Issues wallet access and refresh tokens (docs/security.md, "Wallets"): tickets of the <see cref="Scheme"/> bearer
/// scheme, protected by the shared Data Protection key ring, so any silo reads them. A refresh token is accepted once:
/// it carries the SE's refresh generation, which the SE grain moves on at each refresh.
/// </summary>
public sealed class WalletTokens(
    IOptionsMonitor<BearerTokenOptions> bearer, IOptions<WalletAccessOptions> options, [FromKeyedServices(DomainClock.Key)] TimeProvider time)
{
    public const string Scheme = "Wallet";

    public WalletTokenPair Issue(WalletIdentity wallet)
    {
        ArgumentNullException.ThrowIfNull(wallet);
        var protectors = bearer.Get(Scheme);
        var now = time.GetUtcNow();
        var principal = wallet.ToPrincipal(Scheme);
        var access = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + options.Value.AccessTokenLifetime }, Scheme);
        var refresh = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + options.Value.RefreshTokenLifetime }, Scheme);
        return new WalletTokenPair(
            protectors.BearerTokenProtector.Protect(access),
            (long)options.Value.AccessTokenLifetime.TotalSeconds,
            protectors.RefreshTokenProtector.Protect(refresh));
    }

    /// <summary>The wallet a refresh token was issued to, when it is genuine and not expired.</summary>
    public WalletIdentity? ReadRefresh(string refreshToken)
    {
        var ticket = bearer.Get(Scheme).RefreshTokenProtector.Unprotect(refreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || expires < time.GetUtcNow())
            return null;
        return WalletIdentity.Of(ticket.Principal);
    }
}
