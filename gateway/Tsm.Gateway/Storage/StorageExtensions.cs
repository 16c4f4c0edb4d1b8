using System.Net;
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

    /// <summary>
    /// Configuration key of the IP address other silos and clients reach this silo at (cluster profile). Unset: the
    /// address Orleans finds for the host name. The embedded profile always uses 127.0.0.1.
    /// </summary>
    public const string AdvertisedAddressKey = "Orleans:AdvertisedAddress";

    /// <summary>
    /// Configuration section bound to Orleans' <see cref="ClusterMembershipOptions"/> (failure detection: probe
    /// timeout, missed probes, death votes). Unset keys keep Orleans' defaults; tests shorten them so that a killed
    /// silo is declared dead in seconds.
    /// </summary>
    public const string MembershipSection = "Orleans:Membership";

    /// <summary>
    /// Configuration section bound to Orleans' <see cref="ReminderOptions"/> (the minimum reminder period and the
    /// reminder table's refresh). Unset keys keep Orleans' defaults; tests shorten the minimum period so that a job's
    /// reminder fires in seconds. Not "Orleans:Reminders": Orleans reads that section itself, for its reminder provider.
    /// </summary>
    public const string RemindersSection = "Orleans:ReminderOptions";

    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;

    /// <summary>
    /// Storage options (validated at start), the schema of each profile, the active profile's
    /// <see cref="IPlatformDatabase"/> and the <see cref="OperationRecordStore"/>.
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
        services.TryAddSingleton<PostgresSchema>();
        services.TryAddSingleton<IPlatformDatabase>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.IsCluster
            ? sp.GetRequiredService<PostgresSchema>()
            : sp.GetRequiredService<SqliteSchema>());
        services.TryAddSingleton<OperationRecordStore>();
        return builder;
    }

    /// <summary>
    /// Hosts the Orleans silo in this process on the configured ports: localhost clustering (embedded
    /// profile) or ADO.NET clustering on PostgreSQL (cluster profile), grain storage
    /// <see cref="StorageNames.Default"/> and reminders through Orleans' ADO.NET providers on the
    /// storage profile's database, whose schema is applied before they start.
    /// </summary>
    public static TBuilder AddTsmSilo<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddTsmStorage();

        var siloPort = builder.Configuration.GetValue(SiloPortKey, DefaultSiloPort);
        var gatewayPort = builder.Configuration.GetValue(GatewayPortKey, DefaultGatewayPort);
        // Clustering is chosen while the silo is built; the options validator still checks the profile at start.
        var cluster = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>()?.IsCluster == true;
        var advertised = builder.Configuration[AdvertisedAddressKey];
        // Before the silo: a taken port stops the start with a clear message (docs/configuration.md, "Ports").
        builder.Services.AddSingleton<IHostedService>(new SiloPortCheck(cluster ? IPAddress.Any : IPAddress.Loopback, siloPort, gatewayPort));

        builder.UseOrleans(silo =>
        {
            if (cluster)
            {
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ServiceId = StorageNames.ServiceId;
                    o.ClusterId = StorageNames.ClusterId;
                });
                if (string.IsNullOrWhiteSpace(advertised))
                {
                    silo.ConfigureEndpoints(siloPort, gatewayPort);
                }
                else
                {
                    silo.ConfigureEndpoints(IPAddress.Parse(advertised), siloPort, gatewayPort);
                }

                silo.UseAdoNetClustering((OptionsBuilder<AdoNetClusteringSiloOptions> clustering) =>
                    clustering.Configure<IServiceProvider>((o, sp) =>
                    {
                        (o.Invariant, o.ConnectionString) = Database(sp);
                    }));
            }
            else
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: StorageNames.ServiceId, clusterId: StorageNames.ClusterId);
            }

            silo.Services.AddOptions<ClusterMembershipOptions>().BindConfiguration(MembershipSection);
            silo.Services.AddOptions<ReminderOptions>().BindConfiguration(RemindersSection);
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
            ? (StorageNames.PostgresInvariant, services.GetRequiredService<PostgresSchema>().ConnectionString)
            : (StorageNames.SqliteInvariant, services.GetRequiredService<SqliteSchema>().ConnectionString);
    }
}

/// <summary>
/// Applies the active profile's schema before the silo's runtime starts, so before the membership table,
/// grain storage and reminders read OrleansQuery.
/// </summary>
internal sealed class StorageSchemaLifecycle(IOptions<StorageOptions> options, SqliteSchema sqlite, PostgresSchema postgres)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public const int Stage = ServiceLifecycleStage.RuntimeInitialize - 100;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(StorageSchemaLifecycle), Stage, ct =>
            options.Value.IsCluster ? postgres.EnsureAppliedAsync(ct) : sqlite.EnsureAppliedAsync(ct));
}
