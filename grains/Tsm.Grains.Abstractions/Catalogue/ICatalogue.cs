using Tsm.Protocol.Cap;

namespace Tsm.Grains.Catalogue;

/// <summary>What the OTA engine reads from the catalogue (full management comes with a later issue).</summary>
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
}
