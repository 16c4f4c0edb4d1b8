using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Tsm.Gateway.Security;
using Tsm.Gateway.Security.Accounts;

namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// The login accounts of providers (requirements 5.6.2, 5.6.5, 5.6.6), made and disabled through Identity's
/// <see cref="UserManager{TUser}"/> like every other account.
/// </summary>
public sealed class ProviderAccounts(UserManager<TsmAccount> accounts)
{
    /// <summary>
    /// Makes the provider's first login account: user name the SPID, <see cref="TsmAccount.Provider"/> the SPID, role
    /// service-provider, a random initial password that the caller hands to the notifier only. Null password: failed.
    /// </summary>
    public async Task<(IdentityResult Result, string? Password)> CreateAsync(string spid, string displayName)
    {
        var password = InitialPasswords.Create();
        var account = new TsmAccount { UserName = spid, DisplayName = displayName, Provider = spid };
        var created = await accounts.CreateAsync(account, password);
        if (!created.Succeeded)
            return (created, null);
        var role = await accounts.AddToRoleAsync(account, Roles.ServiceProvider);
        if (!role.Succeeded)
        {
            await accounts.DeleteAsync(account);
            return (role, null);
        }
        return (created, password);
    }

    /// <summary>Ends every session of the provider's accounts (refresh tokens and cookies stop working).</summary>
    public async Task<int> EndSessionsAsync(string provider)
    {
        var staff = await OfAsync(provider);
        foreach (var account in staff)
            await accounts.UpdateSecurityStampAsync(account);
        return staff.Count;
    }

    /// <summary>Disables the provider's accounts for good (locked out without end, sessions ended).</summary>
    public async Task<int> DisableAsync(string provider)
    {
        var staff = await OfAsync(provider);
        foreach (var account in staff)
        {
            await accounts.SetLockoutEnabledAsync(account, true);
            await accounts.SetLockoutEndDateAsync(account, DateTimeOffset.MaxValue);
            await accounts.UpdateSecurityStampAsync(account);
        }
        return staff.Count;
    }

    private async Task<List<TsmAccount>> OfAsync(string provider) =>
        await accounts.Users.Where(a => a.Provider == provider).ToListAsync();
}
