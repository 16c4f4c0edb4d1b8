using Microsoft.Extensions.DependencyInjection.Extensions;
using Tsm.Gateway.Api;
using Tsm.Gateway.Ota;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Management.Applications;

/// <summary>Registers the application catalogue: its store, options, seed and JSON (docs/management/applications.md).</summary>
public static class ApplicationsExtensions
{
    public static WebApplicationBuilder AddApplications(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddTsmStorage();
        builder.AddSelfAudit();
        var services = builder.Services;
        services.AddCatalogueOptions();
        services.AddOptions<ApplicationsOptions>().BindConfiguration(ApplicationsOptions.Section)
            .Validate(o => o.MaxUploadBytes > 0 && o.MaxFiles > 0 && o.MaxZipEntries > 0 && o.MaxZipEntryBytes > 0 && o.MaxZipTotalBytes > 0
                && o.MaxCompressionRatio > 0, "Applications: every limit must be positive.")
            .ValidateOnStart();
        services.TryAddKeyedSingleton(Grains.DomainClock.Key, TimeProvider.System);
        services.TryAddSingleton<ApplicationStore>();
        services.AddHostedService<ApplicationSeed>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApplicationsJsonContext.Default));
        return builder;
    }
}
