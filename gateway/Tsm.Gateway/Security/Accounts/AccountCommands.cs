using Microsoft.AspNetCore.Identity;

namespace Tsm.Gateway.Security.Accounts;

/// <summary>Account actions shared by the start-up bootstrap and the command line.</summary>
public static class AccountCommands
{
    /// <summary>
    /// Creates <paramref name="userName"/> as a national system administrator unless an administrator exists. Throws
    /// <see cref="AccountRuleException"/> when the password does not meet the policy.
    /// </summary>
    public static async Task<FirstAdministratorOutcome> CreateFirstAdministratorAsync(UserManager<TsmAccount> accounts, string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        if ((await accounts.GetUsersInRoleAsync(Roles.SystemAdministrator)).Count > 0)
            return FirstAdministratorOutcome.AdministratorExists;
        if (await accounts.FindByNameAsync(userName) is not null)
            return FirstAdministratorOutcome.NameTaken;
        var account = new TsmAccount { UserName = userName, DisplayName = "System administrator" };
        AccountRuleException.ThrowIfFailed(await accounts.CreateAsync(account, password));
        AccountRuleException.ThrowIfFailed(await accounts.AddToRoleAsync(account, Roles.SystemAdministrator));
        return FirstAdministratorOutcome.Created;
    }
}
