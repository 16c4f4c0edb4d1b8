namespace Tsm.Grains.Ota;

/// <summary>The operations of the OTA engine (requirement 5.8.4).</summary>
public enum OperationKind
{
    Register,
    Download,
    Delete,
    Lock,
    Unlock,
    Sync,

    /// <summary>Requirement 5.8.3.1: install a supplementary SD, replace its initial keys, set it personalized.</summary>
    CreateSecurityDomain,

    /// <summary>Requirement 5.8.3.2: PUT KEY on the SD's own secure channel (the ISD's too, for a batch rotation).</summary>
    UpdateSecurityDomainKeys,

    /// <summary>Requirement 5.8.3.3: delete an empty supplementary SD.</summary>
    DeleteSecurityDomain,

    /// <summary>Requirement 5.8.4.6: personalization in mode 1, 2 or 3.</summary>
    Personalize,

    /// <summary>Requirement 5.7.1 "application commands": the provider's APDUs passed through to its application unchanged.</summary>
    ApplicationCommands,
}
