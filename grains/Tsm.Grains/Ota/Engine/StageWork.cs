namespace Tsm.Grains.Ota.Engine;

/// <summary>What one secure channel of a task does (docs/ota.md "Stages").</summary>
internal enum StageWork
{
    /// <summary>The operation itself, on the ISD's channel (register, download, delete, lock, unlock, sync).</summary>
    Main,
    CreateSecurityDomain,
    SecurityDomainKeys,
    DeleteSecurityDomain,
    PersonalizeThroughDomain,
    PersonalizeApplication,

    /// <summary>On the ISD's channel: INSTALL [for extradition] of instances to an SD that has just become PERSONALIZED.</summary>
    Extradite,

    /// <summary>No secure channel: the provider's commands go to its application as they are.</summary>
    Passthrough,
}
