using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Security.Accounts;
using Tsm.Grains.Management.Providers;

namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// Identity's sign-in with one more rule (requirement 5.6.6): an account of a blacklisted or deregistered provider may
/// not sign in; the sign-in answers "not allowed" (SessionApi explains it). The state is read from the database at
/// each sign-in, so a blacklisting on any silo holds at once.
/// </summary>
public sealed class ProviderSignInManager(
    UserManager<TsmAccount> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<TsmAccount> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<TsmAccount>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<TsmAccount> confirmation,
    ProviderStore providers)
    : SignInManager<TsmAccount>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(TsmAccount user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!string.IsNullOrEmpty(user.Provider) && await providers.FindAsync(user.Provider) is { } provider && provider.Status.IsBlocked())
            return false;
        return await base.CanSignInAsync(user);
    }
}
