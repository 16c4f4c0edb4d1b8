using System.Data.Common;
using Microsoft.Extensions.Options;
using Tsm.Grains.Catalogue;

namespace Tsm.Gateway.Management.Catalogue;

/// <summary>The configured "Catalogue" section, for the parts of the catalogue no database area keeps (libraries named in configuration).</summary>
public sealed class ConfiguredCatalogueSource(IOptions<CatalogueOptions> options) : ICatalogueSource
{
    public Task ContributeAsync(DbConnection connection, CatalogueContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var configured = options.Value;
        content.Batches.AddRange(configured.Batches);
        content.Applications.AddRange(configured.Applications);
        content.SecurityDomains.AddRange(configured.SecurityDomains);
        content.Libraries.AddRange(configured.Libraries);
        content.TestNumbers.UnionWith(configured.TestNumbers);
        content.BlockedProviders.UnionWith(configured.BlockedProviders);
        return Task.CompletedTask;
    }
}
