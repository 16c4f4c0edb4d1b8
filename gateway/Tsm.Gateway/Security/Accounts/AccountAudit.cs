using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Tsm.Gateway.Audit;

namespace Tsm.Gateway.Security.Accounts;

/// <summary>Puts sign-ins, sign-outs, failed sign-ins and account actions on the audit log (docs/security.md, "Audit log").</summary>
public sealed class AccountAudit(IAuditLog log)
{
    public Task SignedInAsync(HttpContext context, string userName) =>
        AppendAsync(context, Named(userName), "login", AuditOutcome.Ok, userName, null, null);

    /// <summary>A failed sign-in: the name tried is the target (never the password); why goes into the summary.</summary>
    public Task SignInFailedAsync(HttpContext context, string userName, SignInResult result) =>
        AppendAsync(context, new ClaimsPrincipal(new ClaimsIdentity()), "login-failed", AuditOutcome.Refused, userName, null,
            result.IsLockedOut ? "locked-out" : result.IsNotAllowed ? "not-allowed" : result.RequiresTwoFactor ? "two-factor-required" : "wrong name or password");

    public Task SignedOutAsync(HttpContext context) =>
        AppendAsync(context, context.User, "logout", AuditOutcome.Ok, context.User.Identity?.Name, null, null);

    public Task ActedAsync(HttpContext context, string action, string? target, string outcome, string? before, string? after) =>
        AppendAsync(context, context.User, action, outcome, target, before, after);

    private Task AppendAsync(HttpContext context, ClaimsPrincipal who, string action, string outcome, string? target, string? before, string? after)
    {
        ArgumentNullException.ThrowIfNull(context);
        return log.AppendAsync(AuditActor.From(who, context).Entry(action, outcome, target, before, after), context.RequestAborted);
    }

    private static ClaimsPrincipal Named(string userName) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, userName)], "Identity.Application"));
}
