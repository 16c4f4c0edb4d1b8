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

    public CapFile GetCap(ApplicationDefinition application)
    {
        ArgumentNullException.ThrowIfNull(application);
        lock (_gate)
        {
            if (!_caps.TryGetValue(application.Aid, out var cap))
            {
                cap = files.Load(application);
                _caps[application.Aid] = cap;
            }
            return cap;
        }
    }
}

/// <summary>Reads CAP files from the content root, or generates the demo CAP ("demo:SIZE").</summary>
public sealed class CatalogueFiles(string contentRoot)
{
    public CapFile Load(ApplicationDefinition application)
    {
        ArgumentNullException.ThrowIfNull(application);
        if (application.CapFile.StartsWith("demo:", StringComparison.Ordinal))
        {
            var size = int.Parse(application.CapFile["demo:".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var modules = application.Instances.Select(i => i.ModuleAid).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            return CapFile.Parse(CapWriter.Synthetic(application.LoadFileAid, modules, size));
        }
        return CapFile.Parse(File.ReadAllBytes(Path.Combine(contentRoot, application.CapFile)));
    }

    public static string Sha1(CapFile cap)
    {
        ArgumentNullException.ThrowIfNull(cap);
        return Convert.ToHexString(SHA1.HashData(cap.LoadFileDataBlock.Bytes.Span));
    }
}
