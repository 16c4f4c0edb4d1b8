using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Tsm.Gateway.Api;
using Tsm.Gateway.Regions;
using Tsm.Gateway.Idempotency;

namespace Tsm.Gateway.Security.Accounts;

/// <summary>
/// Account, role and permission management (requirements 5.7.3.1–5.7.3.3; docs/security.md): add, edit, delete and
/// query accounts and assign their roles; add, edit and delete roles and what they grant. A regional administrator
/// sees and manages only accounts of its region, and cannot give an account a wider one.
/// </summary>
public static class AccountsAdminApi
{
    public static IEndpointRouteBuilder MapAccountsAdminApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var accounts = app.MapGroup("/admin/v1/accounts").WithTags("Accounts").RequireAuthorization(Permissions.AccountsManage).WithMetadata(new SelfAuditedAttribute());
        accounts.MapGet("", List).WithSummary("Accounts in the caller's region, optionally of one role.").Produces<IReadOnlyList<AccountView>>();
        accounts.MapGet("/{userName}", Get).WithSummary("One account.").Produces<AccountView>().ProducesProblem(StatusCodes.Status404NotFound);
        accounts.MapPost("", Create).Idempotent().WithSummary("Add an account with its roles, region and provider.")
            .Produces<AccountView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        accounts.MapPut("/{userName}", Update).WithSummary("Edit an account: display name, roles, region, provider, password, lock.")
            .Produces<AccountView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        accounts.MapDelete("/{userName}", Delete).WithSummary("Delete an account (not one's own).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var roles = app.MapGroup("/admin/v1/roles").WithTags("Accounts").RequireAuthorization(Permissions.RolesManage).WithMetadata(new SelfAuditedAttribute());
        roles.MapGet("", ListRoles).WithSummary("Roles, their permissions and how many accounts hold each.").Produces<IReadOnlyList<RoleView>>();
        roles.MapGet("/{name}", GetRole).WithSummary("One role.").Produces<RoleView>().ProducesProblem(StatusCodes.Status404NotFound);
        roles.MapPost("", CreateRole).Idempotent().WithSummary("Add a role with its permissions.")
            .Produces<RoleView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        roles.MapPut("/{name}", UpdateRole).WithSummary("Change a role's description or permissions.")
            .Produces<RoleView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        roles.MapDelete("/{name}", DeleteRole).WithSummary("Delete a role no account holds.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/admin/v1/permissions", (HttpContext _) => Results.Ok(Permissions.All.Select(p => new PermissionView(p, PermissionDescriptions.Of(p))).ToList()))
            .WithTags("Accounts").RequireAuthorization(Permissions.RolesManage)
            .WithSummary("The permissions roles can grant (each is the authorization policy of the same name).").Produces<IReadOnlyList<PermissionView>>();
        return app;
    }

    private static async Task<IResult> List(HttpContext context, string? role, UserManager<TsmAccount> accounts)
    {
        var scope = RegionScope.Of(context.User);
        IEnumerable<TsmAccount> found = role is null
            ? await accounts.Users.OrderBy(a => a.UserName).Take(1000).ToListAsync(context.RequestAborted)
            : await accounts.GetUsersInRoleAsync(role);
        var views = new List<AccountView>();
        foreach (var account in found.Where(a => InScope(scope, a.Region)))
            views.Add(await AccountViews.OfAsync(accounts, account));
        return Results.Ok(views);
    }

    private static async Task<IResult> Get(HttpContext context, string userName, UserManager<TsmAccount> accounts) =>
        await FindInScopeAsync(context, accounts, userName) is { } account
            ? Results.Ok(await AccountViews.OfAsync(accounts, account))
            : NotFound(userName);

    private static async Task<IResult> Create(HttpContext context, UserManager<TsmAccount> accounts, RoleManager<TsmRole> roles, AccountAudit audit)
    {
        var body = await AccountBodies.ReadAsync<AccountCreateRequest>(context.Request);
        if (body.Problem is not null)
            return body.Problem;
        var request = body.Value!;
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(request.UserName) || request.UserName.Length > 64)
            problems.Add("userName: 1 to 64 characters.");
        if (string.IsNullOrEmpty(request.Password))
            problems.Add("password: required.");
        await CheckScopeAsync(context.User, request.Roles ?? [], request.Region, request.Provider, roles, problems);
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        if (await accounts.FindByNameAsync(request.UserName) is not null)
            return Results.Problem(title: "Account exists", detail: "An account has that name already.", statusCode: StatusCodes.Status409Conflict);
        var account = new TsmAccount { UserName = request.UserName, DisplayName = request.DisplayName, Region = request.Region, Provider = request.Provider };
        var created = await accounts.CreateAsync(account, request.Password);
        if (!created.Succeeded)
            return Problems.Invalid([.. created.Errors.Select(e => e.Description)]);
        AccountRuleException.ThrowIfFailed(await accounts.AddToRolesAsync(account, request.Roles!));
        var after = await AccountViews.SummaryAsync(accounts, account);
        await audit.ActedAsync(context, "accounts.create", account.UserName, "ok", null, after);
        return Results.Created($"/admin/v1/accounts/{Uri.EscapeDataString(account.UserName!)}", await AccountViews.OfAsync(accounts, account));
    }

    private static async Task<IResult> Update(HttpContext context, string userName, UserManager<TsmAccount> accounts, RoleManager<TsmRole> roles, AccountAudit audit,
        [FromServices] IEnumerable<IPasswordChangeListener> listeners)
    {
        var body = await AccountBodies.ReadAsync<AccountUpdateRequest>(context.Request);
        if (body.Problem is not null)
            return body.Problem;
        if (await FindInScopeAsync(context, accounts, userName) is not { } account)
            return NotFound(userName);
        var request = body.Value!;
        var problems = new List<string>();
        var newRoles = request.Roles ?? [.. await accounts.GetRolesAsync(account)];
        await CheckScopeAsync(context.User, newRoles, request.Region ?? account.Region, request.Provider ?? account.Provider, roles, problems);
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        var before = await AccountViews.SummaryAsync(accounts, account);
        if (request.DisplayName is not null)
            account.DisplayName = request.DisplayName;
        if (request.Region is not null)
            account.Region = request.Region.Length == 0 ? null : request.Region;
        if (request.Provider is not null)
            account.Provider = request.Provider.Length == 0 ? null : request.Provider;
        var updated = await accounts.UpdateAsync(account);
        if (!updated.Succeeded)
            return Problems.Invalid([.. updated.Errors.Select(e => e.Description)]);
        if (request.Roles is not null)
        {
            var current = await accounts.GetRolesAsync(account);
            AccountRuleException.ThrowIfFailed(await accounts.RemoveFromRolesAsync(account, current.Except(request.Roles, StringComparer.Ordinal)));
            AccountRuleException.ThrowIfFailed(await accounts.AddToRolesAsync(account, request.Roles.Except(current, StringComparer.Ordinal)));
        }
        if (request.NewPassword is not null)
        {
            var reset = await accounts.ResetPasswordAsync(account, await accounts.GeneratePasswordResetTokenAsync(account), request.NewPassword);
            if (!reset.Succeeded)
                return Problems.Invalid([.. reset.Errors.Select(e => e.Description)]);
        }
        if (request.Locked is { } locked)
            AccountRuleException.ThrowIfFailed(await accounts.SetLockoutEndDateAsync(account, locked ? DateTimeOffset.MaxValue : null));
        // Roles, scope or password changed: the account's tokens and cookies are re-issued from now on.
        await accounts.UpdateSecurityStampAsync(account);
        var after = await AccountViews.SummaryAsync(accounts, account) + (request.NewPassword is null ? "" : " password=reset");
        await audit.ActedAsync(context, "accounts.update", account.UserName, "ok", before, after);
        if (request.NewPassword is not null)
        {
            foreach (var listener in listeners)
                await listener.PasswordChangedAsync(account, reset: true, CancellationToken.None);
        }
        return Results.Ok(await AccountViews.OfAsync(accounts, account));
    }

    private static async Task<IResult> Delete(HttpContext context, string userName, UserManager<TsmAccount> accounts, AccountAudit audit)
    {
        if (await FindInScopeAsync(context, accounts, userName) is not { } account)
            return NotFound(userName);
        if (string.Equals(account.Id, accounts.GetUserId(context.User), StringComparison.Ordinal))
            return Results.Problem(title: "Own account", detail: "An account cannot delete itself.", statusCode: StatusCodes.Status409Conflict);
        var before = await AccountViews.SummaryAsync(accounts, account);
        AccountRuleException.ThrowIfFailed(await accounts.DeleteAsync(account));
        await audit.ActedAsync(context, "accounts.delete", userName, "ok", before, null);
        return Results.NoContent();
    }

    private static async Task<IResult> ListRoles(RoleManager<TsmRole> roles, UserManager<TsmAccount> accounts)
    {
        var views = new List<RoleView>();
        foreach (var role in await roles.Roles.OrderBy(r => r.Name).ToListAsync())
            views.Add(await RoleViewAsync(roles, accounts, role));
        return Results.Ok(views);
    }

    private static async Task<IResult> GetRole(string name, RoleManager<TsmRole> roles, UserManager<TsmAccount> accounts) =>
        await roles.FindByNameAsync(name) is { } role ? Results.Ok(await RoleViewAsync(roles, accounts, role)) : RoleNotFound(name);

    private static async Task<IResult> CreateRole(HttpContext context, RoleManager<TsmRole> roles, UserManager<TsmAccount> accounts, AccountAudit audit)
    {
        var body = await AccountBodies.ReadAsync<RoleRequest>(context.Request);
        if (body.Problem is not null)
            return body.Problem;
        var request = body.Value!;
        var problems = CheckRole(request, requireName: true);
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        if (await roles.RoleExistsAsync(request.Name!))
            return Results.Problem(title: "Role exists", detail: "A role has that name already.", statusCode: StatusCodes.Status409Conflict);
        var role = new TsmRole(request.Name!) { Description = request.Description };
        AccountRuleException.ThrowIfFailed(await roles.CreateAsync(role));
        foreach (var permission in request.Permissions ?? [])
            AccountRuleException.ThrowIfFailed(await roles.AddClaimAsync(role, new Claim(TsmClaims.Permission, permission)));
        await audit.ActedAsync(context, "roles.create", role.Name, "ok", null, string.Join(",", request.Permissions ?? []));
        return Results.Created($"/admin/v1/roles/{Uri.EscapeDataString(role.Name!)}", await RoleViewAsync(roles, accounts, role));
    }

    private static async Task<IResult> UpdateRole(HttpContext context, string name, RoleManager<TsmRole> roles, UserManager<TsmAccount> accounts, AccountAudit audit)
    {
        var body = await AccountBodies.ReadAsync<RoleRequest>(context.Request);
        if (body.Problem is not null)
            return body.Problem;
        var problems = CheckRole(body.Value!, requireName: false);
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        if (await roles.FindByNameAsync(name) is not { } role)
            return RoleNotFound(name);
        var request = body.Value!;
        var current = (await roles.GetClaimsAsync(role)).Where(c => c.Type == TsmClaims.Permission).ToList();
        var before = string.Join(",", current.Select(c => c.Value).Order(StringComparer.Ordinal));
        if (request.Description is not null)
        {
            role.Description = request.Description;
            AccountRuleException.ThrowIfFailed(await roles.UpdateAsync(role));
        }
        if (request.Permissions is { } wanted)
        {
            foreach (var claim in current.Where(c => !wanted.Contains(c.Value, StringComparer.Ordinal)))
                AccountRuleException.ThrowIfFailed(await roles.RemoveClaimAsync(role, claim));
            foreach (var permission in wanted.Distinct(StringComparer.Ordinal).Where(p => current.All(c => c.Value != p)))
                AccountRuleException.ThrowIfFailed(await roles.AddClaimAsync(role, new Claim(TsmClaims.Permission, permission)));
            // Holders get the new permissions with their next token; their current cookies are re-validated.
            foreach (var holder in await accounts.GetUsersInRoleAsync(role.Name!))
                await accounts.UpdateSecurityStampAsync(holder);
        }
        var view = await RoleViewAsync(roles, accounts, role);
        await audit.ActedAsync(context, "roles.update", role.Name, "ok", before, string.Join(",", view.Permissions));
        return Results.Ok(view);
    }

    private static async Task<IResult> DeleteRole(HttpContext context, string name, RoleManager<TsmRole> roles, UserManager<TsmAccount> accounts, AccountAudit audit)
    {
        if (await roles.FindByNameAsync(name) is not { } role)
            return RoleNotFound(name);
        var holders = await accounts.GetUsersInRoleAsync(role.Name!);
        if (holders.Count > 0)
            return Results.Problem(title: "Role in use", detail: $"{holders.Count} account(s) hold this role; take it from them first.", statusCode: StatusCodes.Status409Conflict);
        AccountRuleException.ThrowIfFailed(await roles.DeleteAsync(role));
        await audit.ActedAsync(context, "roles.delete", name, "ok", role.Description, null);
        return Results.NoContent();
    }

    private static List<string> CheckRole(RoleRequest request, bool requireName)
    {
        var problems = new List<string>();
        if (requireName && (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 64 || !request.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            problems.Add("name: 1 to 64 letters, digits, '-' or '_'.");
        if (request.Description is { Length: > 512 })
            problems.Add("description: at most 512 characters.");
        foreach (var unknown in (request.Permissions ?? []).Where(p => !Permissions.All.Contains(p, StringComparer.Ordinal)))
            problems.Add($"permissions: '{Problems.Echo(unknown)}' is not a permission (GET /admin/v1/permissions lists them).");
        return problems;
    }

    private static async Task<RoleView> RoleViewAsync(RoleManager<TsmRole> roles, UserManager<TsmAccount> accounts, TsmRole role)
    {
        var permissions = (await roles.GetClaimsAsync(role)).Where(c => c.Type == TsmClaims.Permission).Select(c => c.Value).Order(StringComparer.Ordinal).ToList();
        return new RoleView(role.Name!, role.Description, permissions, (await accounts.GetUsersInRoleAsync(role.Name!)).Count);
    }

    /// <summary>Roles must exist; a provider account names its provider; the region is within the caller's own.</summary>
    private static async Task CheckScopeAsync(ClaimsPrincipal caller, IReadOnlyList<string> wanted, string? region, string? provider, RoleManager<TsmRole> roles, List<string> problems)
    {
        if (wanted.Count == 0)
            problems.Add("roles: at least one.");
        foreach (var role in wanted)
        {
            if (!await roles.RoleExistsAsync(role))
                problems.Add($"roles: '{Problems.Echo(role)}' is not a role.");
        }
        if (wanted.Contains(Roles.ServiceProvider, StringComparer.Ordinal) && string.IsNullOrEmpty(provider))
            problems.Add("provider: required for a service-provider account.");
        if (!string.IsNullOrEmpty(region) && !RegionCode.TryParse(region, out _, out var error))
            problems.Add("region: " + error);
        else if (!InScope(RegionScope.Of(caller), string.IsNullOrEmpty(region) ? null : region))
            problems.Add("region: outside the caller's own region.");
    }

    private static async Task<TsmAccount?> FindInScopeAsync(HttpContext context, UserManager<TsmAccount> accounts, string userName) =>
        await accounts.FindByNameAsync(userName) is { } account && InScope(RegionScope.Of(context.User), account.Region) ? account : null;

    /// <summary>National callers see every account; a regional one only accounts whose region lies within its own.</summary>
    private static bool InScope(RegionScope scope, string? region) =>
        scope.IsNational || RegionCode.TryParse(region, out var code, out _) && scope.Allows(code);

    private static IResult NotFound(string userName) =>
        Results.Problem(title: "No such account", detail: $"No account '{Problems.Echo(userName)}' in your region.", statusCode: StatusCodes.Status404NotFound);

    private static IResult RoleNotFound(string name) =>
        Results.Problem(title: "No such role", detail: $"No role '{Problems.Echo(name)}'.", statusCode: StatusCodes.Status404NotFound);
}
