namespace Tsm.Grains.Management;

/// <summary>Where a security-domain definition is in its approval (requirements 5.3.2, 5.3.3).</summary>
public enum SecurityDomainState
{
    /// <summary>Applied for; waiting for another administrator's decision.</summary>
    Pending,

    /// <summary>Approved: its owner sees it and the OTA engine may create it on SEs.</summary>
    Approved,

    /// <summary>Rejected, with a reason; it stays for the record and may be deleted.</summary>
    Rejected,
}
