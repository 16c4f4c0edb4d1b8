using Tsm.Grains.Catalogue;

namespace Tsm.Grains.Management.Applications;

/// <summary>
/// The structure a provider uploads with its CAP files (requirements 5.4.1–5.4.3, 5.4.5, 5.4.6;
/// docs/management/applications.md, "Upload"). <see cref="ApplicationUploadCheck"/> checks it and the CAPs together.
/// </summary>
public sealed record ApplicationManifest
{
    /// <summary>The application AID: the main instance's AID.</summary>
    public string Aid { get; init; } = "";

    public string Name { get; init; } = "";

    /// <summary>The provider's own version of the application (1 to 16 of letters, digits, '.', '_').</summary>
    public string ProviderVersion { get; init; } = "";

    /// <summary>The approved SD of the provider its instances live in.</summary>
    public string SecurityDomainAid { get; init; } = "";

    /// <summary>Executable load files in dependency order (one after those it imports).</summary>
    public IReadOnlyList<LoadFileManifest> LoadFiles { get; init; } = [];

    public IReadOnlyList<InstanceDefinition> Instances { get; init; } = [];

    /// <summary>The module the main instance (AID = <see cref="Aid"/>) is made from.</summary>
    public string MainModule { get; init; } = "";

    /// <summary>Libraries (operator-owned catalogue entries) the load files import, in dependency order.</summary>
    public IReadOnlyList<string> Extensions { get; init; } = [];

    /// <summary>Non-volatile code space (bytes); 0: the load file data blocks' sizes.</summary>
    public int CodeNonVolatile { get; init; }

    /// <summary>Non-volatile data space beyond the code (bytes).</summary>
    public int DataNonVolatile { get; init; }

    /// <summary>Non-volatile space of each instance (bytes).</summary>
    public int InstanceNonVolatile { get; init; }

    /// <summary>Volatile (RAM) space its instances need (bytes).</summary>
    public int Volatile { get; init; }

    /// <summary>The wallet-side UI application's name.</summary>
    public string UiName { get; init; } = "";

    /// <summary>Where the UI application is downloaded (https URL).</summary>
    public string UiUrl { get; init; } = "";

    /// <summary>Preset attribute: the memory a preset copy sits in.</summary>
    public PresetMemoryType MemoryType { get; init; } = PresetMemoryType.Flash;

    /// <summary>Batch ids the application supports; empty = every batch.</summary>
    public IReadOnlyList<string> Batches { get; init; } = [];

    /// <summary>The Java Card version it needs ("3.0.4"); its imports are checked against that version's platform.</summary>
    public string JavaCardVersion { get; init; } = "";

    /// <summary>The CMS2AC version it needs ("1.0").</summary>
    public string Cms2acVersion { get; init; } = "";

    /// <summary>Province codes (GB/T 2260, "440000") it is offered in; empty = national.</summary>
    public IReadOnlyList<string> Provinces { get; init; } = [];

    public PersonalizationTemplate? Personalization { get; init; }

    public bool NeedsPersonalization { get; init; }

    public bool NeedsActivation { get; init; }

    public IssuanceMode Issuance { get; init; } = IssuanceMode.DownloadAndPersonalize;

    public DeleteMode Deletion { get; init; } = DeleteMode.Full;
}
