using Microsoft.Extensions.Options;
using Tsm.Gateway.ServiceProviders;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// At start, the configured providers and platforms missing from the database are inserted (never overwriting:
/// docs/management/providers.md, "Seed"); then the platforms' cache is reloaded every <see cref="ProviderOptions.RefreshInterval"/>
/// for the changes other silos make.
/// </summary>
public sealed class ProvidersStartup(
    ProviderStore providers,
    PlatformStore platforms,
    IConfiguration configuration,
    IOptions<SpOptions> sp,
    IOptions<ProviderOptions> options,
    TimeProvider time,
    ILogger<ProvidersStartup> logger) : IHostedService, IAsyncDisposable
{
    private PeriodicRefresh? _refresh;

    /// <summary>The latest periodic run (tests await it after moving the clock).</summary>
    public Task Current => _refresh?.Current ?? Task.CompletedTask;

    /// <summary>
    /// The providers configuration names: those of the catalogue's applications and security domains, those the
    /// configured platforms act for, and the catalogue's blocked providers.
    /// </summary>
    public static IReadOnlyList<string> ConfiguredProviders(IConfiguration configuration, SpOptions sp)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(sp);
        var catalogue = configuration.GetSection("Catalogue");
        var named = catalogue.GetSection("Applications").GetChildren().Select(a => a["ServiceProvider"])
            .Concat(catalogue.GetSection("SecurityDomains").GetChildren().Select(d => d["Owner"]))
            .Concat(Blacklisted(configuration))
            .Concat(sp.Platforms.Values.SelectMany(p => p.Providers.Keys));
        return [.. named.Where(n => !string.IsNullOrWhiteSpace(n) && !n.Equals("operator", StringComparison.OrdinalIgnoreCase)).Select(n => n!).Distinct(StringComparer.Ordinal)];
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var blacklisted = Blacklisted(configuration).ToHashSet(StringComparer.Ordinal);
        var providerCount = await providers.SeedAsync(ConfiguredProviders(configuration, sp.Value), blacklisted, cancellationToken);
        var platformCount = await platforms.SeedAsync(sp.Value.Platforms, cancellationToken);
        if (providerCount + platformCount > 0)
            ProvidersLog.Seeded(logger, providerCount, platformCount);
        _refresh ??= new PeriodicRefresh(time, options.Value.RefreshInterval, RefreshAsync);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _refresh, null) is { } refresh)
            await refresh.DisposeAsync();
    }

    private static IEnumerable<string> Blacklisted(IConfiguration configuration) =>
        configuration.GetSection("Catalogue:BlockedProviders").GetChildren().Select(c => c.Value).OfType<string>();

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await platforms.RefreshAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            ProvidersLog.RefreshFailed(logger, e);
        }
    }
}
