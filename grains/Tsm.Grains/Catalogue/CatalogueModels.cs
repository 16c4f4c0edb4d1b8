namespace Tsm.Grains.Catalogue;

/// <summary>How ISD keys of a batch are derived from its master key (seed 5.8.1; PROTOCOLS.md §1).</summary>
public enum KeyDerivation
{
    /// <summary>Every card holds the master key itself (test batches, the GlobalPlatform test key).</summary>
    None,
    Emv,
    Visa2,
}

/// <summary>An SE batch (批次, seed 5.8.1): a SEID range and what every card of it shares.</summary>
public sealed record SeBatch
{
    public required string Id { get; init; }

    /// <summary>First and last SEID of the range (hex, same length), inclusive.</summary>
    public required string SeIdFrom { get; init; }

    public required string SeIdTo { get; init; }

    /// <summary>Reference of the ISD master key in the key service (never the key itself).</summary>
    public required string MasterKeyRef { get; init; }

    /// <summary>
    /// Master keys of other ISD key versions (KVN, hex "20" → reference), for a rotation across the batch (seed
    /// 5.8.9.3): while it runs, cards hold either version and the platform uses the one each card reports. The
    /// highest KVN here is the rotation's target; <see cref="MasterKeyRef"/> belongs to <see cref="KeyVersion"/>.
    /// </summary>
    public Dictionary<string, string> MasterKeyRefs { get; init; } = [];

    /// <summary>The master key reference for a key version, or null when the batch has none for it.</summary>
    public string? MasterKeyRefFor(byte keyVersion)
    {
        if (keyVersion == KeyVersion)
            return MasterKeyRef;
        foreach (var (kvn, reference) in MasterKeyRefs)
        {
            if (byte.TryParse(kvn, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var v) && v == keyVersion)
                return reference;
        }
        return null;
    }

    /// <summary>The ISD key version cards of the batch should end up with: the highest one with a master key.</summary>
    public byte TargetKeyVersion =>
        MasterKeyRefs.Keys
            .Select(k => byte.TryParse(k, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : (byte)0)
            .Append(KeyVersion)
            .Max();

    public KeyDerivation Derivation { get; init; } = KeyDerivation.Emv;

    public byte KeyVersion { get; init; } = 0x01;

    public byte ScpI { get; init; } = 0x15;

    public string IsdAid { get; init; } = "A0000001510000";

    public string Chip { get; init; } = "";

    public string Cms2acVersion { get; init; } = "";

    public string JavaCardVersion { get; init; } = "";

    public long InitialNonVolatile { get; init; } = 512 * 1024;

    public int InitialVolatile { get; init; } = 8 * 1024;

    /// <summary>Applications preset on every card of the batch (by application AID).</summary>
    public IReadOnlyList<string> PresetApplications { get; init; } = [];

    public bool Contains(string seId) =>
        seId.Length == SeIdFrom.Length
        && string.Compare(seId, SeIdFrom, StringComparison.OrdinalIgnoreCase) >= 0
        && string.Compare(seId, SeIdTo, StringComparison.OrdinalIgnoreCase) <= 0;
}

/// <summary>One instance an application creates (seed 5.4.2: module AID, instance AID; the main one's AID is the application's).</summary>
public sealed record InstanceDefinition
{
    public required string ModuleAid { get; init; }

    public required string InstanceAid { get; init; }

    /// <summary>Privileges, hex (1 or 3 bytes).</summary>
    public string Privileges { get; init; } = "00";

    /// <summary>Value of the C9 install parameters, hex.</summary>
    public string InstallParameters { get; init; } = "";
}

/// <summary>Application life cycle in the catalogue (seed 5.4.2): only published applications can be downloaded.</summary>
public enum ApplicationStatus
{
    Initial,
    Reviewed,
    Defined,
    Tested,
    Published,
    Archived,
}

/// <summary>An application as the engine needs it (seed 5.4.1, 5.4.2).</summary>
public sealed record ApplicationDefinition
{
    /// <summary>The application AID: the main instance's AID.</summary>
    public required string Aid { get; init; }

    public string Name { get; init; } = "";

    public required string LoadFileAid { get; init; }

    public required IReadOnlyList<InstanceDefinition> Instances { get; init; }

    /// <summary>The SD the application's instances belong to (the ISD when empty).</summary>
    public string SecurityDomainAid { get; init; } = "";

    /// <summary>The SD the load file is associated with (the application's SD when empty).</summary>
    public string LoadFileSecurityDomainAid { get; init; } = "";

    /// <summary>Path of the CAP file (relative to the content root), or "demo:SIZE" for the generated demo CAP.</summary>
    public required string CapFile { get; init; }

    public string ServiceProvider { get; init; } = "";

    public ApplicationStatus Status { get; init; } = ApplicationStatus.Published;

    /// <summary>Batch ids the application supports; empty = every batch.</summary>
    public IReadOnlyList<string> Batches { get; init; } = [];

    public bool NeedsPersonalization { get; init; }

    public bool NeedsActivation { get; init; }

    /// <summary>How the platform builds personalization commands for modes 2 and 3 (seed 5.8.4.6.1, last paragraph).</summary>
    public PersonalizationTemplate? Personalization { get; init; }
}

/// <summary>
/// An application's personalization template: the DGIs it takes, which of them are sensitive (sent by the provider
/// under its KEK, re-encrypted under the session DEK), and the command header mode 2 sends them in.
/// </summary>
public sealed record PersonalizationTemplate
{
    public required IReadOnlyList<PersonalizationField> Fields { get; init; }

    /// <summary>Mode 2: CLA INS P1 P2 (hex) of the command that carries each DGI to the application itself.</summary>
    public string Mode2Header { get; init; } = "80E20000";
}

/// <summary>One DGI of a personalization template.</summary>
public sealed record PersonalizationField
{
    /// <summary>The DGI (hex, 2 bytes).</summary>
    public required string Dgi { get; init; }

    public bool Sensitive { get; init; }

    public bool Required { get; init; } = true;
}

/// <summary>
/// A supplementary security domain definition (seed 5.3.1; 5.2.3.5 modes: 2 ISD-managed, 3 DAP verification,
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

    /// <summary>Deletion rule (seed 5.3.1): delete the SD with its last application, or only by an explicit SD delete.</summary>
    public bool DeleteWithLastApplication { get; init; }

    /// <summary>The key version the platform puts into the SD (PUT KEY after creation).</summary>
    public byte KeyVersion { get; init; } = 0x30;

    /// <summary>Key version of the SD's initial (transport) key set, tag 46.</summary>
    public byte InitialKeyVersion { get; init; } = 0x01;

    public int? MaxFailedAuthentications { get; init; }

    public int? MaxKeys { get; init; }

    /// <summary>
    /// Key update period (seed 5.3.1, e.g. "90.00:00:00"); null = none. An operator SD whose keys are older gets a key
    /// update queued at the SE's next login.
    /// </summary>
    public TimeSpan? KeyUpdatePeriod { get; init; }

    /// <summary>The SD package and module the SD is instantiated from (the card's SD package by default).</summary>
    public string LoadFileAid { get; init; } = "A0000001515350";

    public string ModuleAid { get; init; } = "A000000151535041";
}
