using System.Data.Common;
using Tsm.Gateway.Management.SecurityDomains;

namespace Tsm.Gateway.Management.Catalogue;

/// <summary>The approved security-domain definitions (requirement 5.3; docs/management/security-domains.md).</summary>
public sealed class SecurityDomainCatalogueSource : ICatalogueSource
{
    public async Task ContributeAsync(DbConnection connection, CatalogueContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        content.SecurityDomains.AddRange(await SecurityDomainStore.ListForEngineAsync(connection, cancellationToken));
    }
}
