namespace Tsm.Grains.Ota;

/// <summary>Operation names as records and APIs show them.</summary>
public static class OperationNames
{
    /// <summary>"download", "create-security-domain", "application-commands", ….</summary>
    public static string Name(this OperationKind kind) => kind switch
    {
        OperationKind.CreateSecurityDomain => "create-security-domain",
        OperationKind.UpdateSecurityDomainKeys => "update-security-domain-keys",
        OperationKind.DeleteSecurityDomain => "delete-security-domain",
        OperationKind.ApplicationCommands => "application-commands",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
