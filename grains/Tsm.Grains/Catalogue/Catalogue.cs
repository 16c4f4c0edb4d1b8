using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Tsm.Protocol.Cap;

namespace Tsm.Grains.Catalogue;

/// <summary>Catalogue content seeded from configuration (section "Catalogue").</summary>
public sealed class CatalogueOptions
{
    public const string Section = "Catalogue";

    public List<SeBatch> Batches { get; set; } = [];

    public List<ApplicationDefinition> Applications { get; set; } = [];

    public List<SecurityDomainDefinition> SecurityDomains { get; set; } = [];

    public List<LibraryDefinition> Libraries { get; set; } = [];

    /// <summary>MSISDNs registered as test numbers.</summary>
    public List<string> TestNumbers { get; set; } = [];

    /// <summary>Providers that are blacklisted (configuration has no provider records; tests name them here).</summary>
    public List<string> BlockedProviders { get; set; } = [];
}

/// <summary>The configured catalogue; CAP files are read once and cached.</summary>
public sealed class ConfiguredCatalogue(IOptions<CatalogueOptions> options, CatalogueFiles files) : ICatalogue
{
    private readonly Dictionary<string, CapFile> _caps = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public IReadOnlyList<ApplicationDefinition> Applications => options.Value.Applications;

    public SeBatch? FindBatch(string seId) => options.Value.Batches.FirstOrDefault(b => b.Contains(seId));

    public SeBatch? FindBatchById(string batchId) =>
        options.Value.Batches.FirstOrDefault(b => b.Id.Equals(batchId, StringComparison.OrdinalIgnoreCase));

    public ApplicationDefinition? FindApplication(string aid) =>
        options.Value.Applications.FirstOrDefault(a => a.Aid.Equals(aid, StringComparison.OrdinalIgnoreCase));

    public SecurityDomainDefinition? FindSecurityDomain(string aid) =>
        options.Value.SecurityDomains.FirstOrDefault(d => d.Aid.Equals(aid, StringComparison.OrdinalIgnoreCase));

    public LibraryDefinition? FindLibrary(string aid) =>
        options.Value.Libraries.FirstOrDefault(l => l.Aid.Equals(aid, StringComparison.OrdinalIgnoreCase));

    public bool IsTestNumber(string msisdn) => options.Value.TestNumbers.Contains(msisdn, StringComparer.Ordinal);

    public bool IsProviderBlocked(string provider) => options.Value.BlockedProviders.Contains(provider, StringComparer.Ordinal);

    public CapFile GetCap(ApplicationDefinition application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return GetCap(application.AllLoadFiles.First(f => f.Aid.Equals(application.LoadFileAid, StringComparison.OrdinalIgnoreCase)));
    }

    public CapFile GetCap(LoadFileDefinition loadFile)
    {
        ArgumentNullException.ThrowIfNull(loadFile);
        lock (_gate)
        {
            var key = loadFile.Aid + " " + loadFile.CapFile;
            if (!_caps.TryGetValue(key, out var cap))
            {
                cap = files.Load(loadFile);
                _caps[key] = cap;
            }
            return cap;
        }
    }
}

/// <summary>Reads CAP files from the content root, or generates the demo CAP ("demo:SIZE").</summary>
public sealed class CatalogueFiles(string contentRoot)
{
    public CapFile Load(LoadFileDefinition loadFile)
    {
        ArgumentNullException.ThrowIfNull(loadFile);
        if (loadFile.CapFile.StartsWith("demo:", StringComparison.Ordinal))
        {
            var size = int.Parse(loadFile.CapFile["demo:".Length..], System.Globalization.CultureInfo.InvariantCulture);
            return CapFile.Parse(CapWriter.Synthetic(loadFile.Aid, loadFile.Modules, size, CapWriter.WithLibraries(loadFile.Imports)));
        }
        return CapFile.Parse(File.ReadAllBytes(Path.Combine(contentRoot, loadFile.CapFile)));
    }

    public static string Sha1(CapFile cap)
    {
        ArgumentNullException.ThrowIfNull(cap);
        return Convert.ToHexString(SHA1.HashData(cap.LoadFileDataBlock.Bytes.Span));
    }
}
