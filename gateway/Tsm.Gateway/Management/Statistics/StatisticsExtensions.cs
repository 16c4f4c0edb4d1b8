using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Tsm.Gateway.Management.Statistics;

/// <summary>
/// Registers the statistics and the providers' queries (docs/management/statistics.md). They read the platform
/// database, the regions and the catalogue, which the gateway registers before (AddTsmStorage, AddRegions, the silo).
/// </summary>
public static class StatisticsExtensions
{
    public static WebApplicationBuilder AddStatistics(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<StatisticsStore>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, StatisticsJsonContext.Default));
        return builder;
    }

    public static IEndpointRouteBuilder MapStatistics(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapStatisticsApi();
        app.MapProviderQueriesApi();
        return app;
    }
}
