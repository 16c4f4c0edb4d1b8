namespace Tsm.Grains.Catalogue;

/// <summary>An application as the engine needs it (requirements 5.4.1, 5.4.2).</summary>
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

    /// <summary>Non-volatile data its instances need beyond the code (bytes; 0 = none declared), checked before LOAD (requirement 5.4.2).</summary>
    public int NonVolatileData { get; init; }

    /// <summary>Volatile (RAM) data its instances need (bytes; 0 = none declared), checked before LOAD.</summary>
    public int VolatileData { get; init; }

    public bool NeedsPersonalization { get; init; }

    public bool NeedsActivation { get; init; }

    /// <summary>The catalogue's version id: AID, provider version and date (requirement 5.4.3); empty for configured entries.</summary>
    public string VersionId { get; init; } = "";

    /// <summary>
    /// Every executable load file of the application in dependency order (a load file comes after those it imports),
    /// the one of <see cref="LoadFileAid"/> included. Empty: the application has the single load file <see cref="LoadFileAid"/>
    /// from <see cref="CapFile"/>.
    /// </summary>
    public IReadOnlyList<LoadFileDefinition> LoadFiles { get; init; } = [];

    /// <summary>Libraries (by AID, <see cref="LibraryDefinition"/>) the load files import, in dependency order.</summary>
    public IReadOnlyList<string> Extensions { get; init; } = [];

    /// <summary>MSISDNs the application is published to; empty = every user of its batches (requirement 5.4.4).</summary>
    public IReadOnlyList<string> UserList { get; init; } = [];

    /// <summary>Requirement 5.4.1 scope: the province codes (NN0000) of a provincial application; empty for a national one.</summary>
    public IReadOnlyList<string> Provinces { get; init; } = [];

    public IssuanceMode Issuance { get; init; } = IssuanceMode.DownloadAndPersonalize;

    public DeleteMode Deletion { get; init; } = DeleteMode.Full;

    /// <summary>The load files to put on an SE, in order: <see cref="LoadFiles"/>, or the single one this record names.</summary>
    public IReadOnlyList<LoadFileDefinition> AllLoadFiles =>
        LoadFiles.Count > 0
            ? LoadFiles
            : [new LoadFileDefinition { Aid = LoadFileAid, CapFile = CapFile, Modules = Instances.Select(i => i.ModuleAid).Distinct(StringComparer.OrdinalIgnoreCase).ToList() }];

    /// <summary>How the platform builds personalization commands for modes 2 and 3 (requirement 5.8.4.6.1, last paragraph).</summary>
    public PersonalizationTemplate? Personalization { get; init; }
}
