namespace Tsm.Grains.Ota;

/// <summary>
/// Deletes an empty supplementary SD (requirement 5.8.3.3); with <see cref="Cascade"/> (the operator's channel only)
/// its applications go with it.
/// </summary>
[GenerateSerializer, Immutable, Alias("Tsm.DeleteSecurityDomainOperation")]
public sealed record DeleteSecurityDomainOperation : OperationSpec
{
    public DeleteSecurityDomainOperation(string securityDomainAid, bool cascade = false)
    {
        SecurityDomainAid = OperationChecks.Aid(securityDomainAid, RefusalCode.SecurityDomainNotNamed, "securityDomainAid");
        Cascade = cascade;
    }

    [Id(0)] public string SecurityDomainAid { get; init; }

    [Id(1)] public bool Cascade { get; init; }

    public override OperationKind Kind => OperationKind.DeleteSecurityDomain;
}
