using Microsoft.Extensions.Options;
using Tsm.Gateway.Hardening;
using Tsm.Grains.Catalogue;

namespace Tsm.Gateway.Management.Batches;

/// <summary>At start, inserts the batches and test numbers of section "Catalogue" that the database lacks (never overwriting).</summary>
internal sealed class BatchSeeder(BatchStore batches, TestNumberStore testNumbers, IOptions<CatalogueOptions> catalogue, ILogger<BatchSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var insertedBatches = await batches.SeedAsync(catalogue.Value.Batches, (id, reason) => BatchesLog.NotSeeded(logger, LogValue.Safe(id), reason), cancellationToken);
        var insertedNumbers = await testNumbers.SeedAsync(catalogue.Value.TestNumbers, cancellationToken);
        if (insertedBatches + insertedNumbers > 0)
            BatchesLog.Seeded(logger, insertedBatches, insertedNumbers);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
