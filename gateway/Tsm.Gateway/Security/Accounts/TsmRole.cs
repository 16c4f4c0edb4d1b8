using Microsoft.AspNetCore.Identity;

namespace Tsm.Gateway.Security.Accounts;

/// <summary>A role (requirement 5.7.3.1): a name, a description and the permissions it grants (as role claims).</summary>
public sealed class TsmRole : IdentityRole
{
    public TsmRole()
    {
    }

    public TsmRole(string name)
        : base(name)
    {
    }

    public string? Description { get; set; }
}
