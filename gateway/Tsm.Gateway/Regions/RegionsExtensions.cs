using Microsoft.Extensions.DependencyInjection.Extensions;
using Tsm.Gateway.Api;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Regions;

/// <summary>Registers the region and number-segment tables, their cache and its refresh (docs/security.md, "Regions").</summary>
public static class RegionsExtensions
{
    public static WebApplicationBuilder AddRegions(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddTsmStorage();
        builder.AddSelfAudit();
        var services = builder.Services;
        services.AddOptions<RegionOptions>().BindConfiguration(RegionOptions.Section)
            .Validate(o => o.RefreshInterval >= TimeSpan.FromSeconds(1), "Regions:RefreshInterval must be at least one second.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RegionStore>();
        services.TryAddSingleton<RegionRefresher>();
        services.TryAddSingleton<Tsm.Grains.Catalogue.IHomeProvinces, RegionHomeProvinces>();
        services.AddHostedService(sp => sp.GetRequiredService<RegionRefresher>());
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, RegionsJsonContext.Default));
        return builder;
    }
}
