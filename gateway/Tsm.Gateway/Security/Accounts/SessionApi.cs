using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Api;
using Tsm.Gateway.Hardening;

namespace Tsm.Gateway.Security.Accounts;

/// <summary>
/// Sign-in of operator and provider-staff accounts (docs/security.md, "Accounts"): a bearer token pair for API and CLI
/// clients, or the session cookie for the web console (<c>?useCookies=true</c>); refresh; sign-out; the caller's own
/// account, password and two-factor authenticator. Identity does the checking (hashes, lockout, stamps, TOTP).
/// </summary>
public static class SessionApi
{
    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var session = app.MapGroup("/admin/v1/session").WithTags("Accounts").WithMetadata(new SelfAuditedAttribute());
        // Rate limits (docs/security.md, "Rate limits"): per client address by policy, per account name in SignIn.
        session.MapPost("/login", SignIn).AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Login)
            .WithSummary("Sign in with name and password (and the authenticator's code when two-factor is on): a bearer token pair, or the session cookie with ?useCookies=true.")
            .Produces<AccessTokenResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        session.MapPost("/refresh", Refresh).AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Login)
            .WithSummary("A new token pair for a refresh token, while the account's security stamp is unchanged.")
            .Produces<AccessTokenResponse>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        session.MapPost("/logout", SignOut).RequireAuthorization(Policies.Account)
            .WithSummary("Sign out: the cookie is removed and every refresh token and cookie of the account stops working.");
        var account = app.MapGroup("/admin/v1/account").WithTags("Accounts").RequireAuthorization(Policies.Account).WithMetadata(new SelfAuditedAttribute());
        account.MapGet("", Me).WithSummary("The signed-in account.").Produces<AccountView>();
        account.MapPut("/password", ChangePassword).WithSummary("Change the signed-in account's password.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        account.MapPost("/two-factor", TwoFactor).WithSummary("Turn two-factor sign-in (TOTP authenticator) on or off, or reset its key.")
            .Produces<TwoFactorView>().ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<IResult> SignIn(HttpContext context, bool? useCookies, SignInManager<TsmAccount> signIn, AccountAudit audit, TargetRateLimiter targets)
    {
        var body = await AccountBodies.ReadAsync<SignInRequest>(context.Request);
        if (body.Problem is not null)
            return body.Problem;
        var request = body.Value!;
        if (string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrEmpty(request.Password) || request.UserName.Length > 256 || request.Password.Length > 512)
            return Problems.Invalid(["userName and password are required (at most 256 and 512 characters)."]);
        if (targets.Acquire(context, RateLimitPolicies.Login, request.UserName) is { } tooMany)
            return tooMany;
        signIn.AuthenticationScheme = useCookies == true ? IdentityConstants.ApplicationScheme : IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(request.UserName, request.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor && !string.IsNullOrEmpty(request.TwoFactorCode))
            result = await signIn.TwoFactorAuthenticatorSignInAsync(request.TwoFactorCode, isPersistent: false, rememberClient: false);
        if (!result.Succeeded)
        {
            await audit.SignInFailedAsync(context, request.UserName, result);
            var detail = result.IsLockedOut ? "The account is locked out for a while after too many failed sign-ins."
                : result.IsNotAllowed ? "The account may not sign in: its service provider is blacklisted or deregistered."
                : result.RequiresTwoFactor ? "The account needs the authenticator's code: send twoFactorCode."
                : "The name or the password is wrong.";
            return Results.Problem(title: "Not signed in", detail: detail, statusCode: StatusCodes.Status401Unauthorized);
        }
        await audit.SignedInAsync(context, request.UserName);
        // The sign-in handler has written the token pair (bearer) or set the cookie.
        return Results.Empty;
    }

    private static async Task<IResult> Refresh(
        HttpContext context, IOptionsMonitor<BearerTokenOptions> bearer, SignInManager<TsmAccount> signIn, TimeProvider time)
    {
        var body = await AccountBodies.ReadAsync<RefreshRequest>(context.Request);
        if (body.Problem is not null)
            return body.Problem;
        var ticket = string.IsNullOrEmpty(body.Value!.RefreshToken) || body.Value.RefreshToken.Length > 4096
            ? null
            : bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(body.Value.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || time.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } account)
            return Results.Problem(title: "Not signed in", detail: "The refresh token is not valid any more: sign in again.", statusCode: StatusCodes.Status401Unauthorized);
        var principal = await signIn.CreateUserPrincipalAsync(account);
        return Results.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static async Task<IResult> SignOut(HttpContext context, UserManager<TsmAccount> accounts, SignInManager<TsmAccount> signIn, AccountAudit audit)
    {
        if (await accounts.GetUserAsync(context.User) is { } account)
            await accounts.UpdateSecurityStampAsync(account);
        await signIn.SignOutAsync();
        await audit.SignedOutAsync(context);
        return Results.NoContent();
    }

    private static async Task<IResult> Me(HttpContext context, UserManager<TsmAccount> accounts)
    {
        var account = await accounts.GetUserAsync(context.User);
        return account is null
            ? Results.Problem(title: "Not signed in", statusCode: StatusCodes.Status401Unauthorized)
            : Results.Ok(await AccountViews.OfAsync(accounts, account));
    }

    private static async Task<IResult> ChangePassword(HttpContext context, UserManager<TsmAccount> accounts, AccountAudit audit, [FromServices] IEnumerable<IPasswordChangeListener> listeners)
    {
        var body = await AccountBodies.ReadAsync<PasswordChangeRequest>(context.Request);
        if (body.Problem is not null)
            return body.Problem;
        if (await accounts.GetUserAsync(context.User) is not { } account)
            return Results.Problem(title: "Not signed in", statusCode: StatusCodes.Status401Unauthorized);
        var result = await accounts.ChangePasswordAsync(account, body.Value!.CurrentPassword ?? "", body.Value.NewPassword ?? "");
        await audit.ActedAsync(context, "account.password", account.UserName, result.Succeeded ? "ok" : "refused", null, null);
        if (!result.Succeeded)
            return Problems.Invalid([.. result.Errors.Select(e => e.Description)]);
        foreach (var listener in listeners)
            await listener.PasswordChangedAsync(account, reset: false, CancellationToken.None); // stored: told even if the caller left
        return Results.NoContent();
    }

    private static async Task<IResult> TwoFactor(HttpContext context, UserManager<TsmAccount> accounts, AccountAudit audit)
    {
        var body = await AccountBodies.ReadAsync<TwoFactorRequest>(context.Request);
        if (body.Problem is not null)
            return body.Problem;
        if (await accounts.GetUserAsync(context.User) is not { } account)
            return Results.Problem(title: "Not signed in", statusCode: StatusCodes.Status401Unauthorized);
        var request = body.Value!;
        if (request.ResetKey)
        {
            await accounts.SetTwoFactorEnabledAsync(account, false);
            await accounts.ResetAuthenticatorKeyAsync(account);
        }
        var key = await accounts.GetAuthenticatorKeyAsync(account);
        if (string.IsNullOrEmpty(key))
        {
            await accounts.ResetAuthenticatorKeyAsync(account);
            key = await accounts.GetAuthenticatorKeyAsync(account);
        }
        if (request.Enable == true)
        {
            var code = (request.Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
            if (!await accounts.VerifyTwoFactorTokenAsync(account, accounts.Options.Tokens.AuthenticatorTokenProvider, code))
                return Problems.Invalid(["code: not the authenticator's current code for this account's key."]);
            await accounts.SetTwoFactorEnabledAsync(account, true);
            await audit.ActedAsync(context, "account.two-factor", account.UserName, "ok", "off", "on");
        }
        else if (request.Enable == false)
        {
            await accounts.SetTwoFactorEnabledAsync(account, false);
            await audit.ActedAsync(context, "account.two-factor", account.UserName, "ok", "on", "off");
        }
        var enabled = await accounts.GetTwoFactorEnabledAsync(account);
        return Results.Ok(new TwoFactorView(enabled, enabled ? null : key, await accounts.CountRecoveryCodesAsync(account)));
    }
}
