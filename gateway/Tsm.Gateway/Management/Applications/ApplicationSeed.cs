using Microsoft.Extensions.Options;
using Tsm.Grains;
using Tsm.Grains.Catalogue;

namespace Tsm.Gateway.Management.Applications;

/// <summary>
/// At start, inserts the configured applications and libraries (section "Catalogue", the seed) that the database lacks,
/// never overwriting (docs/management/applications.md, "Seed"): the README's demo application stays a configured
/// <c>demo:8192</c> CAP reference with its configured status.
/// </summary>
public sealed partial class ApplicationSeed(
    ApplicationStore store, IOptions<CatalogueOptions> catalogue, [FromKeyedServices(DomainClock.Key)] TimeProvider clock, ILogger<ApplicationSeed> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var added = await store.SeedAsync(catalogue.Value.Applications, catalogue.Value.Libraries, clock.GetUtcNow(), cancellationToken);
        if (added > 0)
            Seeded(logger, added);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Application catalogue: {Count} configured entries inserted")]
    private static partial void Seeded(ILogger logger, int count);
}
