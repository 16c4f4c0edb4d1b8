using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Management.Providers;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.ServiceProviders;

/// <summary>Registers the service-provider API's services: platforms (validated at start), authentication, task ends and callbacks.</summary>
public static class SpExtensions
{
    public static WebApplicationBuilder AddServiceProviderApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SpOptions>().BindConfiguration(SpOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SpOptions>, SpOptionsValidator>());
        // The platforms are data (docs/management/providers.md, "Business platforms"); the configured ones are its seed.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PlatformStore>();
        services.AddSingleton<SpAuthenticator>();
        services.AddSingleton<SpCallbackStore>();
        services.AddSingleton<SpTaskEnds>();
        services.AddSingleton<ITaskEndListener>(sp => sp.GetRequiredService<SpTaskEnds>());
        // A callback goes to the configured URL only: a redirect elsewhere is an unacknowledged attempt, not followed.
        services.AddHttpClient(SpCallbackSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<SpCallbackSender>();
        services.AddHostedService(sp => sp.GetRequiredService<SpCallbackSender>());
        // Client certificates are pinned by thumbprint per platform (self-signed ones included), so the chain is not
        // what decides; Kestrel asks for them only on HTTPS endpoints configured with a ClientCertificateMode. Always
        // so: thumbprints are data, added while the gateway runs.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ClientCertificateValidation = (_, _, _) => true));
        return builder;
    }
}
