using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Tsm.Gateway.Storage;

/// <summary>Registers the storage profile and the Orleans silo that uses it.</summary>
public static class StorageExtensions
{
    /// <summary>Configuration key of the silo-to-silo port (default <see cref="DefaultSiloPort"/>).</summary>
    public const string SiloPortKey = "Orleans:SiloPort";

    /// <summary>Configuration key of the client gateway port (default <see cref="DefaultGatewayPort"/>).</summary>
    public const string GatewayPortKey = "Orleans:GatewayPort";

    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;

    /// <summary>
    /// Storage options (validated at start), the SQLite schema and the <see cref="OperationRecordStore"/>.
    /// Called by <see cref="AddTsmSilo{TBuilder}"/>; safe to call more than once.
    /// </summary>
    public static TBuilder AddTsmStorage<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(SqliteSchema)))
        {
            return builder;
        }

        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .PostConfigure<IHostEnvironment, IConfiguration>((options, environment, configuration) =>
            {
                if (options.IsEmbedded)
                {
                    options.SqlitePath = StoragePaths.ResolveSqlitePath(
                        options.SqlitePath, environment.ContentRootPath, configuration[StoragePaths.DataDirVariable]);
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton<SqliteSchema>();
        services.TryAddSingleton<OperationRecordStore>();
        return builder;
    }

    /// <summary>
    /// Hosts the Orleans silo in this process: localhost clustering on the configured ports,
    /// grain storage <see cref="StorageNames.Default"/> and reminders through Orleans' ADO.NET
    /// providers on the storage profile's database, whose schema is applied before they start.
    /// </summary>
    public static TBuilder AddTsmSilo<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddTsmStorage();

        var siloPort = builder.Configuration.GetValue(SiloPortKey, DefaultSiloPort);
        var gatewayPort = builder.Configuration.GetValue(GatewayPortKey, DefaultGatewayPort);

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: StorageNames.ServiceId, clusterId: StorageNames.ClusterId);
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, StorageSchemaLifecycle>();

            silo.AddAdoNetGrainStorage(StorageNames.Default, (OptionsBuilder<AdoNetGrainStorageOptions> grainStorage) =>
                grainStorage.Configure<IServiceProvider>((o, sp) =>
                {
                    (o.Invariant, o.ConnectionString) = Database(sp);
                    // Orleans' binary serializer: grain states are [GenerateSerializer] types, and it costs far less
                    // CPU per write than the default JSON (measured with perf/Tsm.Perf ota).
                    o.GrainStorageSerializer = new Orleans.Storage.OrleansGrainStorageSerializer(sp.GetRequiredService<Orleans.Serialization.Serializer>());
                }));
            silo.UseAdoNetReminderService((OptionsBuilder<AdoNetReminderTableOptions> reminders) =>
                reminders.Configure<IServiceProvider>((o, sp) =>
                {
                    (o.Invariant, o.ConnectionString) = Database(sp);
                }));
        });
        return builder;
    }

    /// <summary>The ADO.NET invariant and connection string of the configured profile.</summary>
    private static (string Invariant, string ConnectionString) Database(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        return options.IsCluster
            ? (StorageNames.PostgresInvariant, options.PostgresConnectionString ?? "")
            : (StorageNames.SqliteInvariant, services.GetRequiredService<SqliteSchema>().ConnectionString);
    }
}

/// <summary>Applies the embedded schema in the silo's first lifecycle stage, before any storage provider reads OrleansQuery.</summary>
internal sealed class StorageSchemaLifecycle(IOptions<StorageOptions> options, SqliteSchema schema)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(StorageSchemaLifecycle), ServiceLifecycleStage.RuntimeInitialize, ct =>
            options.Value.IsEmbedded ? schema.EnsureAppliedAsync(ct) : Task.CompletedTask);
}
