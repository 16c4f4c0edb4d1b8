using Microsoft.AspNetCore.Identity;

namespace Tsm.Gateway.Security.Accounts;

/// <summary>Puts sign-ins, sign-outs, failed sign-ins and account actions on the audit log (docs/security.md, "Audit log").</summary>
public sealed class AccountAudit(ILogger<AccountAudit> logger)
{
    public Task SignedInAsync(HttpContext context, string userName) => ActedAsync(context, "login", userName, "ok", null, null, userName);

    public Task SignInFailedAsync(HttpContext context, string userName, SignInResult result) =>
        ActedAsync(context, "login-failed", userName, result.IsLockedOut ? "locked-out" : result.RequiresTwoFactor ? "two-factor-required" : "refused", null, null, userName);

    public Task SignedOutAsync(HttpContext context) => ActedAsync(context, "logout", context.User.Identity?.Name, "ok", null, null);

    public Task ActedAsync(HttpContext context, string action, string? target, string outcome, string? before, string? after, string? actor = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        AccountLog.Acted(logger, action, outcome);
        return Task.CompletedTask;
    }
}
