using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Security;
using Tsm.Gateway.Security.Accounts;

namespace Tsm.Specs.Drivers;

/// <summary>Operator accounts for scenarios: made through Identity in the gateway's process, signed in over HTTP (docs/security.md).</summary>
public static class SpecAccounts
{
    /// <summary>A role granting every permission, for scenarios about something else than access.</summary>
    public const string AllPermissions = "spec-all";

    private const string Password = "Spec-password-1234";

    public static async Task<HttpClient> ClientAsync(IServiceProvider services, Uri gateway, string userName, string role)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using (var scope = services.CreateAsyncScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<TsmRole>>();
            if (role == AllPermissions && !await roles.RoleExistsAsync(role))
            {
                var all = new TsmRole(role);
                await roles.CreateAsync(all);
                foreach (var permission in Permissions.All)
                    await roles.AddClaimAsync(all, new Claim(TsmClaims.Permission, permission));
            }
            var accounts = scope.ServiceProvider.GetRequiredService<UserManager<TsmAccount>>();
            var account = new TsmAccount { UserName = userName };
            var created = await accounts.CreateAsync(account, Password);
            if (!created.Succeeded)
                throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            await accounts.AddToRoleAsync(account, role);
        }
        var http = new HttpClient { BaseAddress = gateway };
        using var response = await http.PostAsJsonAsync("/admin/v1/session/login", new { userName, password = Password });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("accessToken").GetString());
        return http;
    }
}
