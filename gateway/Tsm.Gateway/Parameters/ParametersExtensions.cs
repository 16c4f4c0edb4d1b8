using Microsoft.Extensions.DependencyInjection.Extensions;
using Tsm.Gateway.Api;
using Tsm.Gateway.Storage;
using Tsm.Grains;

namespace Tsm.Gateway.Parameters;

/// <summary>Registers the system parameters: their configuration source, store, API service and refresh (docs/parameters.md).</summary>
public static class ParametersExtensions
{
    /// <summary>
    /// Layers the system parameter table over the configuration built so far: call it after every other source, so
    /// that a stored value wins over files, environment and command line. The database is the one the storage
    /// settings already in <paramref name="configuration"/> name; a SQLite path is resolved from <paramref name="contentRoot"/>
    /// as the host resolves it. Calling it again adds nothing.
    /// </summary>
    public static IConfigurationBuilder AddSystemParameters(this IConfigurationBuilder configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.Sources.OfType<ParameterConfigurationSource>().Any())
            return configuration;
        var soFar = configuration as IConfiguration ?? configuration.Build();
        return configuration.Add(new ParameterConfigurationSource { Database = ExistingDatabase.For(soFar, contentRoot) });
    }

    /// <summary>
    /// The parameter services, over the configuration source (added here when <see cref="GatewayApp.Build"/> has not
    /// added it already).
    /// </summary>
    public static WebApplicationBuilder AddSystemParameters(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddSystemParameters(builder.Environment.ContentRootPath);
        var provider = ((IConfigurationRoot)builder.Configuration).Providers.OfType<ParameterConfigurationProvider>().First();
        builder.AddTsmStorage();
        builder.AddSelfAudit();
        var services = builder.Services;
        services.AddOptions<ParameterOptions>().BindConfiguration(ParameterOptions.Section)
            .Validate(o => o.RefreshInterval >= TimeSpan.FromSeconds(1), "Parameters:RefreshInterval must be at least one second.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(DomainClock.Key, TimeProvider.System);
        services.TryAddSingleton(provider);
        services.TryAddSingleton<ParameterStore>();
        services.TryAddSingleton<SystemParameters>();
        services.TryAddSingleton<ParameterRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<ParameterRefresher>());
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ParametersJsonContext.Default));
        return builder;
    }
}
