using System.ComponentModel.DataAnnotations;

namespace Tsm.Gateway.Security.Accounts;

/// <summary>Sign-in settings of operator and provider-staff accounts (section "Accounts", docs/security.md).</summary>
public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>How long an access token (bearer) is accepted after it is issued.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a refresh token may be exchanged for a new pair.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Failed sign-ins in a row before the account is locked out.</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a lockout lasts.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Shortest password accepted.</summary>
    [Range(8, 128)]
    public int MinimumPasswordLength { get; set; } = 12;

    /// <summary>
    /// The first system administrator, created at start when no account holds that role yet (containers, tests).
    /// The quick start uses the command line instead (<c>accounts create-admin</c>).
    /// </summary>
    public BootstrapAccount? Bootstrap { get; set; }
}
