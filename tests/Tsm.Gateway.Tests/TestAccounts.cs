using Tsm.Testing;

namespace Tsm.Gateway.Tests;

/// <summary>The gateway tests' names for <see cref="OperatorAccounts"/> (docs/security.md, "Accounts").</summary>
internal static class TestAccounts
{
    public const string Password = OperatorAccounts.Password;

    public const string AllPermissions = OperatorAccounts.AllPermissions;

    public static Task CreateAsync(IServiceProvider services, string userName, IReadOnlyList<string> roles, string? region = null, string? provider = null) =>
        OperatorAccounts.CreateAsync(services, userName, roles, region, provider);

    public static Task<string> SignInAsync(HttpClient http, string userName, string password = Password) =>
        OperatorAccounts.SignInAsync(http, userName, password);

    public static Task<HttpClient> ClientAsync(IServiceProvider services, Uri gateway, string userName, IReadOnlyList<string> roles, string? region = null, string? provider = null) =>
        OperatorAccounts.ClientAsync(services, gateway, userName, roles, region, provider);
}
