using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Security.Accounts;

/// <summary>
/// Identity's principal (name, roles, the roles' permission claims, security stamp) plus the account's scope: its
/// region and its provider (docs/security.md, "Principals").
/// </summary>
public sealed class TsmClaimsPrincipalFactory(UserManager<TsmAccount> users, RoleManager<TsmRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<TsmAccount, TsmRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(TsmAccount user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrEmpty(user.Region))
            identity.AddClaim(new Claim(TsmClaims.Region, user.Region));
        if (!string.IsNullOrEmpty(user.Provider))
            identity.AddClaim(new Claim(TsmClaims.Provider, user.Provider));
        return identity;
    }
}
