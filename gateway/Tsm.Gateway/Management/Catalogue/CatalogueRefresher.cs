using Microsoft.Extensions.Options;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Management.Catalogue;

/// <summary>
/// Loads the catalogue at start and compares its change count every <see cref="CatalogueCacheOptions.RefreshInterval"/>,
/// so that changes made through another silo reach this silo's engine (docs/management.md, "Catalogue cache").
/// </summary>
public sealed class CatalogueRefresher(DatabaseCatalogue catalogue, IOptions<CatalogueCacheOptions> options, TimeProvider time, ILogger<CatalogueRefresher> logger)
    : IHostedService, IAsyncDisposable
{
    private PeriodicRefresh? _refresh;

    /// <summary>The latest periodic run (tests await it after moving the clock).</summary>
    public Task Current => _refresh?.Current ?? Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await catalogue.RefreshAsync(force: true, cancellationToken);
        _refresh ??= new PeriodicRefresh(time, options.Value.RefreshInterval, RefreshAsync);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _refresh, null) is { } refresh)
            await refresh.DisposeAsync();
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await catalogue.RefreshAsync(cancellationToken: cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            CatalogueLog.RefreshFailed(logger, e);
        }
    }
}
