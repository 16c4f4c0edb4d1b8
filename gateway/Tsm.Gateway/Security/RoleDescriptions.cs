namespace Tsm.Gateway.Security;

/// <summary>What each seeded role is for (requirement 5.1), as stored with the role.</summary>
public static class RoleDescriptions
{
    public static string Of(string role) => role switch
    {
        Roles.SystemAdministrator => "System parameters, accounts, roles and permissions, keys, audit.",
        Roles.BusinessAdministrator => "Reviews and approvals, platform operations; national, or provincial when given a region.",
        Roles.CustomerService => "Users, SEs and records of its province, city or county.",
        Roles.BusinessHall => "Operations for a customer present at a business hall, unlock included.",
        Roles.Tester => "Platform operations and transcripts on test SEs.",
        Roles.ServiceProvider => "Staff of one service provider: its applications and their users.",
        Roles.User => "Self-service for an ordinary user.",
        _ => "",
    };
}
