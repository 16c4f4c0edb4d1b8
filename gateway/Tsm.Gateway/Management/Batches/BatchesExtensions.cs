using Microsoft.Extensions.DependencyInjection.Extensions;
using Tsm.Gateway.Api;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Management.Batches;

/// <summary>Registers the SE batches and test numbers: their stores and the seed from configuration.</summary>
public static class BatchesExtensions
{
    public static WebApplicationBuilder AddSeBatches(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddTsmStorage();
        builder.AddSelfAudit();
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BatchStore>();
        services.TryAddSingleton<TestNumberStore>();
        services.AddHostedService<BatchSeeder>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BatchesJsonContext.Default));
        return builder;
    }

    public static IEndpointRouteBuilder MapSeBatchesApi(this IEndpointRouteBuilder app) => app.MapBatchesApi().MapTestNumbersApi();
}
