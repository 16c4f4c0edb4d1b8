namespace Tsm.Gateway.Security.Accounts;

/// <summary>What <see cref="AccountCommands.CreateFirstAdministratorAsync"/> did.</summary>
public enum FirstAdministratorOutcome
{
    Created,

    /// <summary>An account already holds the system-administrator role: nothing was created.</summary>
    AdministratorExists,

    /// <summary>The name is taken by an account that is not an administrator.</summary>
    NameTaken,
}
