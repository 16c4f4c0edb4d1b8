using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Tsm.Gateway.Storage;
using Tsm.Grains.Catalogue;
using Tsm.Protocol.Cap;

namespace Tsm.Gateway.Management.Catalogue;

/// <summary>
/// The engine's catalogue port over the platform database (docs/management.md, "Catalogue cache"): reads answer from
/// an in-memory <see cref="CatalogueSnapshot"/>, which is replaced when the catalogue's change count moves — checked
/// before the answer of every management write through this silo, and every
/// <see cref="CatalogueCacheOptions.RefreshInterval"/> for writes through other silos.
/// </summary>
public sealed class DatabaseCatalogue(
    IPlatformDatabase database,
    IEnumerable<ICatalogueSource> sources,
    CatalogueFiles files,
    ILogger<DatabaseCatalogue>? logger = null) : ICatalogue
{
    private const string Stored = "stored:";

    private readonly ILogger _logger = logger ?? NullLogger<DatabaseCatalogue>.Instance;
    private readonly ICatalogueSource[] _sources = [.. sources];
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly ConcurrentDictionary<string, CapFile> _caps = new(StringComparer.OrdinalIgnoreCase);
    private volatile CatalogueSnapshot? _snapshot;

    /// <summary>The snapshot in use; the first use before the start-up load waits for it.</summary>
    public CatalogueSnapshot Snapshot => _snapshot ?? Task.Run(() => RefreshAsync(force: true)).GetAwaiter().GetResult();

    public IReadOnlyList<ApplicationDefinition> Applications => Snapshot.Applications;

    public SeBatch? FindBatch(string seId) => Snapshot.FindBatch(seId);

    public SeBatch? FindBatchById(string batchId) => Snapshot.FindBatchById(batchId);

    public ApplicationDefinition? FindApplication(string aid) => Snapshot.FindApplication(aid);

    public SecurityDomainDefinition? FindSecurityDomain(string aid) => Snapshot.FindSecurityDomain(aid);

    public LibraryDefinition? FindLibrary(string aid) => Snapshot.FindLibrary(aid);

    public bool IsTestNumber(string msisdn) => Snapshot.IsTestNumber(msisdn);

    public bool IsProviderBlocked(string provider) => Snapshot.IsProviderBlocked(provider);

    public CapFile GetCap(ApplicationDefinition application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return GetCap(application.AllLoadFiles.First(f => f.Aid.Equals(application.LoadFileAid, StringComparison.OrdinalIgnoreCase)));
    }

    public CapFile GetCap(LoadFileDefinition loadFile)
    {
        ArgumentNullException.ThrowIfNull(loadFile);
        if (_caps.TryGetValue(CacheKey(loadFile), out var cap))
            return cap;
        if (loadFile.CapFile.StartsWith(Stored, StringComparison.Ordinal))
        {
            // Loaded with the snapshot that names it; missing only when the row went away since.
            throw new InvalidOperationException($"The stored CAP of load file {loadFile.Aid} is not in the catalogue cache.");
        }
        return _caps.GetOrAdd(CacheKey(loadFile), _ => files.Load(loadFile));
    }

    /// <summary>Reads the change count and, when it moved since the snapshot (or <paramref name="force"/>), loads the catalogue again.</summary>
    public async Task<CatalogueSnapshot> RefreshAsync(bool force = false, CancellationToken cancellationToken = default)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            var version = await CatalogueChanges.ReadAsync(connection, cancellationToken);
            if (!force && _snapshot is { } current && current.Version == version)
                return current;
            var content = new CatalogueContent();
            foreach (var source in _sources)
                await source.ContributeAsync(connection, content, cancellationToken);
            var snapshot = new CatalogueSnapshot(version, content);
            await LoadStoredCapsAsync(connection, snapshot, cancellationToken);
            _snapshot = snapshot;
            CatalogueLog.Loaded(_logger, version, snapshot.Batches.Count, snapshot.Applications.Count);
            return snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Reads and parses the uploaded CAPs the snapshot names that are not cached yet; forgets those it no longer names.</summary>
    private async Task LoadStoredCapsAsync(System.Data.Common.DbConnection connection, CatalogueSnapshot snapshot, CancellationToken cancellationToken)
    {
        var named = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var loadFile in snapshot.LoadFiles)
        {
            var key = CacheKey(loadFile);
            named.Add(key);
            if (!loadFile.CapFile.StartsWith(Stored, StringComparison.Ordinal) || _caps.ContainsKey(key))
                continue;
            var sha1 = loadFile.CapFile[Stored.Length..];
            foreach (var source in _sources)
            {
                if (await source.ReadCapAsync(connection, sha1, cancellationToken) is { } bytes)
                {
                    _caps[key] = CapFile.Parse(bytes);
                    break;
                }
            }
            if (!_caps.ContainsKey(key))
                CatalogueLog.CapMissing(_logger, loadFile.Aid);
        }
        foreach (var key in _caps.Keys.Where(k => !named.Contains(k)).ToList())
            _caps.TryRemove(key, out _);
    }

    private static string CacheKey(LoadFileDefinition loadFile) => loadFile.Aid + " " + loadFile.CapFile;
}
