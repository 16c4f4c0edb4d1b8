namespace Tsm.Grains.Catalogue;

/// <summary>
/// A supplementary security domain definition (requirement 5.3.1; 5.2.3.5 modes: 2 ISD-managed, 3 DAP verification,
/// 4 delegated management), from which the platform generates its CMS2AC install parameters (C9 tags 45–4A).
/// </summary>
public sealed record SecurityDomainDefinition
{
    public required string Aid { get; init; }

    /// <summary>The service provider owning the SD; empty for the operator's own SDs.</summary>
    public string Owner { get; init; } = "";

    /// <summary>The operator's own SD: the platform generates and keeps its keys. Third parties' SDs get theirs from the provider.</summary>
    public bool IsOperatorOwned => string.IsNullOrEmpty(Owner) || Owner.Equals(OperatorOwner, StringComparison.OrdinalIgnoreCase);

    public const string OperatorOwner = "operator";

    public int Mode { get; init; } = 2;

    /// <summary>Fixed space (bytes of non-volatile memory reserved for the SD); null = shared space.</summary>
    public long? FixedSpace { get; init; }

    /// <summary>Fixed volatile space with <see cref="FixedSpace"/>.</summary>
    public int FixedVolatileSpace { get; init; }

    /// <summary>Deletion rule (requirement 5.3.1): delete the SD with its last application, or only by an explicit SD delete.</summary>
    public bool DeleteWithLastApplication { get; init; }

    /// <summary>The key version the platform puts into the SD (PUT KEY after creation).</summary>
    public byte KeyVersion { get; init; } = 0x30;

    /// <summary>Key version of the SD's initial (transport) key set, tag 46.</summary>
    public byte InitialKeyVersion { get; init; } = 0x01;

    public int? MaxFailedAuthentications { get; init; }

    public int? MaxKeys { get; init; }

    /// <summary>The security level of secure channels for this (01 or 03; requirement 5.8.9.2); null = the platform's default.</summary>
    public byte? SecurityLevel { get; init; }

    /// <summary>
    /// Key update period (requirement 5.3.1, e.g. "90.00:00:00"); null = none. An operator SD whose keys are older gets a key
    /// update queued at the SE's next login.
    /// </summary>
    public TimeSpan? KeyUpdatePeriod { get; init; }

    /// <summary>The SD package and module the SD is instantiated from (the card's SD package by default).</summary>
    public string LoadFileAid { get; init; } = "A0000001515350";

    public string ModuleAid { get; init; } = "A000000151535041";
}
