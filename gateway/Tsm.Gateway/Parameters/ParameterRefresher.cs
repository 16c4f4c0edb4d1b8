using Microsoft.Extensions.Options;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Parameters;

/// <summary>
/// Reloads the system parameters every <see cref="ParameterOptions.RefreshInterval"/> on the host's clock, so that
/// changes made through another silo reach this one (docs/parameters.md).
/// </summary>
public sealed class ParameterRefresher(ParameterConfigurationProvider provider, IOptions<ParameterOptions> options, TimeProvider time, ILogger<ParameterRefresher> logger)
    : IHostedService, IAsyncDisposable
{
    private PeriodicRefresh? _refresh;
    private IReadOnlyDictionary<string, string>? _reportedRejections;

    /// <summary>The latest periodic run (tests await it after moving the clock).</summary>
    public Task Current => _refresh?.Current ?? Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        ReportRejections();
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
            if (await provider.ReloadAsync(cancellationToken))
                ParametersLog.Reloaded(logger, provider.Values.Count);
            ReportRejections();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            ParametersLog.ReloadFailed(logger, e);
        }
    }

    /// <summary>Logs the stored values left out, once per new set of them.</summary>
    private void ReportRejections()
    {
        var rejected = provider.Rejected;
        if (_reportedRejections is { } reported && reported.Count == rejected.Count
            && rejected.All(r => reported.TryGetValue(r.Key, out var reason) && reason == r.Value))
            return;
        _reportedRejections = rejected;
        foreach (var (name, reason) in rejected)
            ParametersLog.Rejected(logger, name, reason);
    }
}
