using Tsm.Grains.Catalogue;

namespace Tsm.Gateway.Management.Catalogue;

/// <summary>Everything the OTA engine reads of the catalogue, as loaded from the platform database in one pass.</summary>
public sealed class CatalogueContent
{
    public List<SeBatch> Batches { get; } = [];

    public List<ApplicationDefinition> Applications { get; } = [];

    public List<SecurityDomainDefinition> SecurityDomains { get; } = [];

    public List<LibraryDefinition> Libraries { get; } = [];

    public HashSet<string> TestNumbers { get; } = new(StringComparer.Ordinal);

    public HashSet<string> BlockedProviders { get; } = new(StringComparer.Ordinal);
}
