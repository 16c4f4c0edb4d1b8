using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Api;
using Tsm.Gateway.Storage;
using Tsm.Grains.Catalogue;

namespace Tsm.Gateway.Management.SecurityDomains;

/// <summary>Registers the security-domain definitions: the AID ranges (validated at start), the store and the seed from configuration.</summary>
public static class SecurityDomainsExtensions
{
    public static WebApplicationBuilder AddSecurityDomainDefinitions(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddTsmStorage();
        builder.AddSelfAudit();
        var services = builder.Services;
        services.AddOptions<SecurityDomainAidOptions>().BindConfiguration(SecurityDomainAidOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecurityDomainAidOptions>, AidRangesValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SecurityDomainStore(
            sp.GetRequiredService<IPlatformDatabase>(),
            sp.GetRequiredService<IOptions<SecurityDomainAidOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            // Resolved at each use, not at construction: the catalogue itself may come to read this store.
            aid => [.. (sp.GetService<ICatalogue>()?.Applications ?? [])
                .Where(a => aid.Equals(a.SecurityDomainAid, StringComparison.OrdinalIgnoreCase))
                .Select(a => a.Aid)]));
        services.AddHostedService<SecurityDomainSeeder>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, SecurityDomainsJsonContext.Default));
        return builder;
    }
}
