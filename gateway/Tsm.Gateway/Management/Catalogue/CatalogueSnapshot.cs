using Tsm.Grains.Catalogue;

namespace Tsm.Gateway.Management.Catalogue;

/// <summary>An immutable view of the catalogue at one change count, indexed for the engine's look-ups.</summary>
public sealed class CatalogueSnapshot
{
    private readonly IReadOnlyList<SeBatch> _batches;
    private readonly Dictionary<string, SeBatch> _batchesById;
    private readonly Dictionary<string, ApplicationDefinition> _applications;
    private readonly Dictionary<string, SecurityDomainDefinition> _securityDomains;
    private readonly Dictionary<string, LibraryDefinition> _libraries;
    private readonly IReadOnlySet<string> _testNumbers;
    private readonly IReadOnlySet<string> _blockedProviders;

    public CatalogueSnapshot(long version, CatalogueContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        Version = version;
        _batches = [.. content.Batches.OrderBy(b => b.SeIdFrom, StringComparer.OrdinalIgnoreCase)];
        _batchesById = ByKey(content.Batches, b => b.Id);
        _applications = ByKey(content.Applications, a => a.Aid);
        _securityDomains = ByKey(content.SecurityDomains, d => d.Aid);
        _libraries = ByKey(content.Libraries, l => l.Aid);
        Applications = [.. _applications.Values];
        _testNumbers = new HashSet<string>(content.TestNumbers, StringComparer.Ordinal);
        _blockedProviders = new HashSet<string>(content.BlockedProviders, StringComparer.Ordinal);
    }

    /// <summary>The catalogue change count this snapshot was read at.</summary>
    public long Version { get; }

    public IReadOnlyList<ApplicationDefinition> Applications { get; }

    public IReadOnlyList<SeBatch> Batches => _batches;

    public IEnumerable<LoadFileDefinition> LoadFiles =>
        Applications.SelectMany(a => a.AllLoadFiles).Concat(_libraries.Values.Select(l => l.LoadFile));

    public SeBatch? FindBatch(string seId)
    {
        foreach (var batch in _batches)
        {
            if (batch.Contains(seId))
                return batch;
        }
        return null;
    }

    public SeBatch? FindBatchById(string batchId) => _batchesById.GetValueOrDefault(batchId);

    public ApplicationDefinition? FindApplication(string aid) => _applications.GetValueOrDefault(aid);

    public SecurityDomainDefinition? FindSecurityDomain(string aid) => _securityDomains.GetValueOrDefault(aid);

    public LibraryDefinition? FindLibrary(string aid) => _libraries.GetValueOrDefault(aid);

    public bool IsTestNumber(string msisdn) => _testNumbers.Contains(msisdn);

    public bool IsProviderBlocked(string provider) => _blockedProviders.Contains(provider);

    // The last entry of a key wins: sources add newer versions after older ones.
    private static Dictionary<string, T> ByKey<T>(IEnumerable<T> items, Func<T, string> key)
    {
        var byKey = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
            byKey[key(item)] = item;
        return byKey;
    }
}
