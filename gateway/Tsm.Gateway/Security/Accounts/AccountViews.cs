using Microsoft.AspNetCore.Identity;

namespace Tsm.Gateway.Security.Accounts;

/// <summary>An account as the API shows it.</summary>
public static class AccountViews
{
    public static async Task<AccountView> OfAsync(UserManager<TsmAccount> accounts, TsmAccount account)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(account);
        var roles = await accounts.GetRolesAsync(account);
        var lockedUntil = account.LockoutEnd is { } end && end > DateTimeOffset.UtcNow ? end : (DateTimeOffset?)null;
        return new AccountView(account.UserName ?? "", account.DisplayName, [.. roles.Order(StringComparer.Ordinal)], account.Region, account.Provider,
            account.TwoFactorEnabled, lockedUntil);
    }

    /// <summary>A short before/after summary for the audit log: roles, region, provider, lock (never passwords).</summary>
    public static async Task<string> SummaryAsync(UserManager<TsmAccount> accounts, TsmAccount account)
    {
        var view = await OfAsync(accounts, account);
        return $"roles={string.Join(",", view.Roles)} region={view.Region ?? "-"} provider={view.Provider ?? "-"} locked={(view.LockedOutUntil is null ? "no" : "yes")}";
    }
}
