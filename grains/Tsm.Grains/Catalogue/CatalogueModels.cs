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
}

/// <summary>A security domain definition (seed 5.3.1): mode 1 ISD, 2 ISD-managed, 3 DAP, 4 token; fixed or shared space.</summary>
public sealed record SecurityDomainDefinition
{
    public required string Aid { get; init; }

    public string Owner { get; init; } = "";

    public int Mode { get; init; } = 2;

    public long? FixedSpace { get; init; }
}
