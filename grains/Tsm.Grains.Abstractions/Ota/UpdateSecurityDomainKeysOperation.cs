namespace Tsm.Grains.Ota;

/// <summary>
/// Replaces an SD's keys on its own secure channel (requirement 5.8.3.2). No SD named means the ISD (a rotation to
/// the batch's newest key version, the operator's to order). A third party's new keys come under its KEK.
/// </summary>
[GenerateSerializer, Immutable, Alias("Tsm.UpdateSecurityDomainKeysOperation")]
public sealed record UpdateSecurityDomainKeysOperation : OperationSpec
{
    public UpdateSecurityDomainKeysOperation(string? securityDomainAid = null, ProviderKeySet? providerKeys = null)
    {
        SecurityDomainAid = string.IsNullOrEmpty(securityDomainAid) ? null : OperationChecks.Aid(securityDomainAid, RefusalCode.SecurityDomainNotNamed, "securityDomainAid");
        ProviderKeys = providerKeys is null ? null : OperationChecks.KeySet(providerKeys);
    }

    /// <summary>The SD, or null for the ISD.</summary>
    [Id(0)] public string? SecurityDomainAid { get; init; }

    [Id(1)] public ProviderKeySet? ProviderKeys { get; init; }

    public override OperationKind Kind => OperationKind.UpdateSecurityDomainKeys;
}
