using Microsoft.Extensions.Options;
using Tsm.Grains.Catalogue;

namespace Tsm.Gateway.Management.SecurityDomains;

/// <summary>At start, inserts the definitions of "Catalogue:SecurityDomains" that the database lacks, approved (never overwriting).</summary>
internal sealed class SecurityDomainSeeder(SecurityDomainStore store, IOptions<CatalogueOptions> catalogue, ILogger<SecurityDomainSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var inserted = await store.SeedAsync(catalogue.Value.SecurityDomains, cancellationToken);
        if (inserted > 0)
            SecurityDomainsLog.Seeded(logger, inserted);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
