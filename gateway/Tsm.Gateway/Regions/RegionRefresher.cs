using Microsoft.Extensions.Options;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Regions;

/// <summary>
/// Reloads this silo's region snapshot every <see cref="RegionOptions.RefreshInterval"/>, so that changes made
/// through another silo reach its lookups (docs/security.md, "Regions").
/// </summary>
public sealed class RegionRefresher(RegionStore store, IOptions<RegionOptions> options, TimeProvider time, ILogger<RegionRefresher> logger)
    : IHostedService, IAsyncDisposable
{
    private PeriodicRefresh? _refresh;

    /// <summary>The latest periodic run (tests await it after moving the clock).</summary>
    public Task Current => _refresh?.Current ?? Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _refresh ??= new PeriodicRefresh(time, options.Value.RefreshInterval, RefreshAsync);
        return Task.CompletedTask;
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
            await store.RefreshAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            RegionsLog.RefreshFailed(logger, e);
        }
    }
}
