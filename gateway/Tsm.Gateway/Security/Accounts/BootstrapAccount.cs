namespace Tsm.Gateway.Security.Accounts;

/// <summary>The first administrator's name and password (section "Accounts:Bootstrap"; from the environment, never a file in the repository).</summary>
public sealed class BootstrapAccount
{
    public string? UserName { get; set; }

    public string? Password { get; set; }
}
