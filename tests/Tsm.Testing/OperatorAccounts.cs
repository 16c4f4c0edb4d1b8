using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Security;
using Tsm.Gateway.Security.Accounts;

namespace Tsm.Testing;

/// <summary>
/// Operator accounts for tests, specs and load tests: made through Identity in the gateway's own process, then signed
/// in over HTTP like any client (docs/security.md, "Accounts").
/// </summary>
public static class OperatorAccounts
{
    public const string Password = "Test-password-1234";

    /// <summary>A role granting every permission, for tests about something else than access.</summary>
    public const string AllPermissions = "qa-all";

    /// <summary>Creates the account (and the all-permission role when asked for) unless it exists.</summary>
    public static async Task CreateAsync(IServiceProvider services, string userName, IReadOnlyList<string> roles, string? region = null, string? provider = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(roles);
        await using var scope = services.CreateAsyncScope();
        var roleManager = scope.ServiceProvider.GetRequiredService<RoleManager<TsmRole>>();
        if (roles.Contains(AllPermissions) && !await roleManager.RoleExistsAsync(AllPermissions))
        {
            var role = new TsmRole(AllPermissions);
            Check(await roleManager.CreateAsync(role));
            foreach (var permission in Permissions.All)
                Check(await roleManager.AddClaimAsync(role, new Claim(TsmClaims.Permission, permission)));
        }
        var accounts = scope.ServiceProvider.GetRequiredService<UserManager<TsmAccount>>();
        if (await accounts.FindByNameAsync(userName) is not null)
            return;
        var account = new TsmAccount { UserName = userName, Region = region, Provider = provider };
        Check(await accounts.CreateAsync(account, Password));
        Check(await accounts.AddToRolesAsync(account, roles));
    }

    /// <summary>Signs in over HTTP and answers the access token.</summary>
    public static async Task<string> SignInAsync(HttpClient http, string userName, string password = Password)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.PostAsJsonAsync("/admin/v1/session/login", new { userName, password });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"sign-in of {userName}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>A client of the gateway signed in as a new account with these roles.</summary>
    public static async Task<HttpClient> ClientAsync(IServiceProvider services, Uri gateway, string userName, IReadOnlyList<string> roles, string? region = null, string? provider = null)
    {
        await CreateAsync(services, userName, roles, region, provider);
        var http = new HttpClient { BaseAddress = gateway };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignInAsync(http, userName));
        return http;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
