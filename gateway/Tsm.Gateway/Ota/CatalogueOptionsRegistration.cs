using Microsoft.Extensions.Options;
using Tsm.Grains.Catalogue;

namespace Tsm.Gateway.Ota;

/// <summary>
/// Binds section "Catalogue" once, validated at start (docs/configuration.md, "Validation"). Both the OTA engine and
/// the application catalogue need it; binding twice would append every configured batch and application a second time
/// (the configuration binder adds to lists), which the validator rightly reports as duplicates.
/// </summary>
public static class CatalogueOptionsRegistration
{
    public static IServiceCollection AddCatalogueOptions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<CatalogueOptions>) && d.ImplementationType == typeof(CatalogueOptionsValidator)))
            return services;
        services.AddOptions<CatalogueOptions>().BindConfiguration(CatalogueOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CatalogueOptions>, CatalogueOptionsValidator>();
        return services;
    }
}
