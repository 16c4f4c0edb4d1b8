using System.Data.Common;
using Tsm.Gateway.Management.Batches;

namespace Tsm.Gateway.Management.Catalogue;

/// <summary>The SE batches and the test numbers (requirement 5.8.1; docs/management/batches.md).</summary>
public sealed class BatchCatalogueSource : ICatalogueSource
{
    public async Task ContributeAsync(DbConnection connection, CatalogueContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        content.Batches.AddRange(await BatchStore.ListForEngineAsync(connection, cancellationToken));
        content.TestNumbers.UnionWith(await TestNumberStore.ListTestNumbersAsync(connection, cancellationToken));
    }
}
