using System.Data.Common;
using Tsm.Gateway.Management.Providers;

namespace Tsm.Gateway.Management.Catalogue;

/// <summary>The providers whose applications take no new download or install: blacklisted and deregistered ones (requirement 5.6.6).</summary>
public sealed class ProviderCatalogueSource : ICatalogueSource
{
    public async Task ContributeAsync(DbConnection connection, CatalogueContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        content.BlockedProviders.UnionWith(await ProviderStore.ListBlockedAsync(connection, cancellationToken));
    }
}
