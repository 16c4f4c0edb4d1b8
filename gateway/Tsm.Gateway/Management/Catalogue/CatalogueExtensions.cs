using Microsoft.Extensions.DependencyInjection.Extensions;
using Tsm.Grains.Catalogue;

namespace Tsm.Gateway.Management.Catalogue;

/// <summary>
/// Registers the engine's catalogue over the platform database and its cache refresh. Call it after the management
/// areas are added, so that its start-up load comes after their seeders.
/// </summary>
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
        services.AddSingleton<ICatalogueSource, BatchCatalogueSource>();
        services.AddSingleton<ICatalogueSource, SecurityDomainCatalogueSource>();
        services.AddSingleton<ICatalogueSource, ApplicationCatalogueSource>();
        services.AddSingleton<ICatalogueSource, ProviderCatalogueSource>();
        // Registered after the areas' seeders: the first load at start sees the seeded catalogue.
        services.TryAddSingleton<CatalogueRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<CatalogueRefresher>());
        return builder;
    }

    /// <summary>Reloads the snapshot before the answer of a management write leaves.</summary>
    public static IApplicationBuilder UseCatalogueWrites(this IApplicationBuilder app) => app.UseMiddleware<CatalogueWrites>();
}
