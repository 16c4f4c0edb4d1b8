using Microsoft.Extensions.Options;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Keys;
using Tsm.Grains.Keys.Pkcs11;

namespace Tsm.Gateway.Ota;

/// <summary>
/// The key service the configuration selects (<c>KeyService:Provider</c>, docs/key-service.md): the software one, or the
/// PKCS#11 one on an HSM token, opened (and its configured keys imported) when the gateway starts.
/// </summary>
public static class KeyServiceRegistration
{
    public static IServiceCollection AddKeyService(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<KeyServiceOptions>, Pkcs11OptionsValidator>();
        services.AddSingleton<IKeyService>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<KeyServiceOptions>>();
            if (options.Value.Provider != KeyServiceProvider.Pkcs11)
                return new SoftwareKeyService(options);
            // Batches without diversification use their key as the cards' own key: the engine receives it as it is.
            var undiversified = sp.GetRequiredService<IOptions<CatalogueOptions>>().Value.Batches
                .Where(b => b.Derivation == KeyDerivation.None)
                .SelectMany(b => b.MasterKeyRefs.Values.Append(b.MasterKeyRef));
            var service = new Pkcs11KeyService(options.Value, undiversified);
            var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KeyServiceRegistration).FullName!);
            KeyServiceLog.Pkcs11Opened(log, options.Value.Pkcs11.ToString(), options.Value.Pkcs11.LabelPrefix);
            if (service.LastImport is { } import)
                KeyServiceLog.Pkcs11Imported(log, import.Created, import.Present);
            return service;
        });
        // Resolved at start, so that a token that cannot be used stops the gateway with the reason, not the first download.
        services.AddHostedService<KeyServiceStartup>();
        return services;
    }
}

/// <summary>Opens the key service when the host starts.</summary>
internal sealed class KeyServiceStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<IKeyService>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
