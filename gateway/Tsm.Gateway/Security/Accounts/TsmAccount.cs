using Microsoft.AspNetCore.Identity;

namespace Tsm.Gateway.Security.Accounts;

/// <summary>
/// An operator or provider-staff account (requirement 5.7.3.3): ASP.NET Core Identity keeps its password hash,
/// lockout, security stamp and authenticator key; the platform adds the scope it acts in.
/// </summary>
public sealed class TsmAccount : IdentityUser
{
    /// <summary>Display name shown in the console and the audit log's before/after summaries.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The region code the account is scoped to (docs/security.md, "Regions"); null: national.</summary>
    public string? Region { get; set; }

    /// <summary>The service provider a provider-staff account belongs to; null for operator accounts.</summary>
    public string? Provider { get; set; }
}
