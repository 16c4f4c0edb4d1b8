using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tsm.Gateway.Api;
using Tsm.Gateway.Security.Accounts;
using Tsm.Gateway.Sms.Codes;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Management.Providers;

/// <summary>Registers the service providers and business platforms (docs/management/providers.md).</summary>
public static class ProvidersExtensions
{
    /// <summary>After <c>AddTsmSecurity</c>: the sign-in manager is replaced by one that knows blacklisted providers.</summary>
    public static WebApplicationBuilder AddProviders(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddTsmStorage();
        builder.AddSelfAudit();
        builder.AddRegistrationCodeSms();
        var services = builder.Services;
        services.AddOptions<ProviderOptions>().BindConfiguration(ProviderOptions.Section)
            .Validate(o => o.RefreshInterval >= TimeSpan.FromSeconds(1), "Providers:RefreshInterval must be at least one second.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ProviderStore>();
        services.TryAddSingleton<PlatformStore>();
        services.TryAddSingleton<IApplicationCensus>(sp => sp.GetRequiredService<Applications.ApplicationStore>());
        services.TryAddSingleton<IProviderNotifier, ProviderNotifier>();
        services.AddSingleton<Security.Accounts.IPasswordChangeListener, ProviderPasswordNotices>();
        services.TryAddScoped<ProviderAccounts>();
        services.TryAddScoped<ProviderDecisions>();
        services.Replace(ServiceDescriptor.Scoped<SignInManager<TsmAccount>, ProviderSignInManager>());
        services.TryAddSingleton<ProvidersStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<ProvidersStartup>());
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ProvidersJsonContext.Default));
        return builder;
    }

    public static IEndpointRouteBuilder MapProvidersEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapProvidersApi();
        app.MapPlatformsApi();
        app.MapPortalPlatformsApi();
        app.MapProviderProfileApi();
        return app;
    }
}
