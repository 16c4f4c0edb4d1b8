using Tsm.Protocol.Cap;

namespace Tsm.Grains.Catalogue;

/// <summary>
/// What the OTA engine reads from the catalogue (docs/management.md): a snapshot of the platform database's catalogue,
/// kept in memory and replaced when it changes on any silo. Reads never block.
/// </summary>
public interface ICatalogue
{
    SeBatch? FindBatch(string seId);

    /// <summary>An SE batch by its id, or null.</summary>
    SeBatch? FindBatchById(string batchId);

    ApplicationDefinition? FindApplication(string aid);

    IReadOnlyList<ApplicationDefinition> Applications { get; }

    /// <summary>A supplementary security domain's definition, or null (the ISD and unknown AIDs).</summary>
    SecurityDomainDefinition? FindSecurityDomain(string aid);

    /// <summary>The application's CAP: its load file data block and SHA-1 (requirement 5.4.2).</summary>
    CapFile GetCap(ApplicationDefinition application);

    /// <summary>The CAP of one load file or library.</summary>
    CapFile GetCap(LoadFileDefinition loadFile);

    /// <summary>A library (dependent extension) by its AID, or null.</summary>
    LibraryDefinition? FindLibrary(string aid);

    /// <summary>Whether the MSISDN is registered as a test number (reviewed and tested applications may go there).</summary>
    bool IsTestNumber(string msisdn);

    /// <summary>Whether the provider is blacklisted or deregistered: no new download or install of its applications.</summary>
    bool IsProviderBlocked(string provider);
}
