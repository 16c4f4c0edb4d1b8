using Microsoft.Extensions.DependencyInjection.Extensions;
using Tsm.Grains.Catalogue;

namespace Tsm.Gateway.Management.Catalogue;

/// <summary>Registers the engine's catalogue over the platform database and its cache refresh.</summary>
public static class CatalogueExtensions
{
    public static WebApplicationBuilder AddDatabaseCatalogue(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<CatalogueCacheOptions>().BindConfiguration(CatalogueCacheOptions.Section)
            .Validate(o => o.RefreshInterval >= TimeSpan.FromMilliseconds(100), "CatalogueCache:RefreshInterval must be at least 100 ms.")
            .ValidateOnStart();
        services.TryAddSingleton<DatabaseCatalogue>();
        services.Replace(ServiceDescriptor.Singleton<ICatalogue>(sp => sp.GetRequiredService<DatabaseCatalogue>()));
        services.AddSingleton<ICatalogueSource, ConfiguredCatalogueSource>();
        services.AddSingleton<ICatalogueSource, ProviderCatalogueSource>();
        services.TryAddSingleton<CatalogueRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<CatalogueRefresher>());
        return builder;
    }

    /// <summary>Reloads the snapshot before the answer of a management write leaves.</summary>
    public static IApplicationBuilder UseCatalogueWrites(this IApplicationBuilder app) => app.UseMiddleware<CatalogueWrites>();
}
