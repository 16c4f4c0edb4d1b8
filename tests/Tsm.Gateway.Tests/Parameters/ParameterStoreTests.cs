using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tsm.Gateway.Parameters;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Storage;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Tests.Parameters;

public sealed class SqliteParameterStoreTests : ParameterStoreCases
{
    protected override SqlDialect Dialect => SqlDialect.Sqlite;
}

public sealed class PostgresParameterStoreTests : ParameterStoreCases
{
    protected override SqlDialect Dialect => SqlDialect.PostgreSql;
}

/// <summary>The parameter table, its history and the configuration provider over it, the same cases on both profiles.</summary>
public abstract class ParameterStoreCases : PlatformDatabaseCases
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private const string Days = "Wallet:TokenValidityDays";

    private readonly FakeTimeProvider _clock = new(T0);

    /// <summary>A silo's view: the files' configuration (token validity 45 days) with the parameter table over it.</summary>
    private sealed class Silo : IDisposable
    {
        public Silo(IPlatformDatabase database, TimeProvider clock)
        {
            Configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { [Days] = "45", ["Ota:SecurityLevel"] = "1" })
                .Add(new ParameterConfigurationSource { Database = database })
                .Build();
            Provider = Configuration.Providers.OfType<ParameterConfigurationProvider>().Single();
            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(Configuration);
            services.AddOptions<WalletOptions>().BindConfiguration(WalletOptions.Section);
            Services = services.BuildServiceProvider();
            Parameters = new SystemParameters(new ParameterStore(database, clock), Provider, Configuration, NullLogger<SystemParameters>.Instance);
        }

        public IConfigurationRoot Configuration { get; }

        public ParameterConfigurationProvider Provider { get; }

        public ServiceProvider Services { get; }

        public SystemParameters Parameters { get; }

        public WalletOptions Wallet => Services.GetRequiredService<IOptionsMonitor<WalletOptions>>().CurrentValue;

        public void Dispose() => Services.Dispose();
    }

    [SkippableFact]
    public async Task Every_add_change_and_delete_is_in_the_history()
    {
        var store = new ParameterStore(Database, _clock);
        var added = await store.SetAsync(Days, "60", "admin1");
        Assert.Equal((Days, ParameterActions.Add, null, "60", T0, "admin1"), (added!.Name, added.Action, added.OldValue, added.NewValue, added.ChangedAt, added.ChangedBy));
        Assert.Null(await store.SetAsync(Days, "60", "admin2"));

        _clock.Advance(TimeSpan.FromMinutes(1));
        var changed = await store.SetAsync(Days, "90", "admin2");
        Assert.Equal((ParameterActions.Change, "60", "90"), (changed!.Action, changed.OldValue, changed.NewValue));
        Assert.Equal(new StoredParameter(Days, "90", T0.AddMinutes(1), "admin2"), await store.GetAsync(Days));

        await store.SetAsync("Ota:SecurityLevel", "3", "admin1");
        _clock.Advance(TimeSpan.FromMinutes(1));
        var deleted = await store.DeleteAsync(Days, "admin3");
        Assert.Equal((ParameterActions.Delete, "90", null, "admin3"), (deleted!.Action, deleted.OldValue, deleted.NewValue, deleted.ChangedBy));
        Assert.Null(await store.DeleteAsync(Days, "admin3"));
        Assert.Null(await store.GetAsync(Days));
        Assert.Equal(["Ota:SecurityLevel"], (await store.ListAsync()).Select(p => p.Name));

        var history = await store.HistoryAsync(Days, 10);
        Assert.Equal([ParameterActions.Delete, ParameterActions.Change, ParameterActions.Add], history.Select(h => h.Action));
        Assert.True(history[0].Seq > history[1].Seq && history[1].Seq > history[2].Seq);
        Assert.Equal(added, history[2]);
        Assert.Equal(2, (await store.HistoryAsync(Days, 2)).Count);
        Assert.Equal(4, (await store.HistoryAsync(null, 10)).Count);
    }

    [SkippableFact]
    public async Task A_change_through_the_store_reaches_the_options_monitor_after_the_providers_reload()
    {
        using var silo = new Silo(Database, _clock);
        Assert.Equal(45, silo.Wallet.TokenValidityDays);
        var notified = 0;
        using var subscription = silo.Services.GetRequiredService<IOptionsMonitor<WalletOptions>>().OnChange(_ => notified++);

        await new ParameterStore(Database, _clock).SetAsync(Days, "90", "admin1");
        Assert.Equal(45, silo.Wallet.TokenValidityDays);
        Assert.True(await silo.Provider.ReloadAsync());
        Assert.Equal(90, silo.Wallet.TokenValidityDays);
        Assert.Equal(1, notified);

        Assert.False(await silo.Provider.ReloadAsync());
        Assert.Equal(1, notified);

        await new ParameterStore(Database, _clock).DeleteAsync(Days, "admin1");
        Assert.True(await silo.Provider.ReloadAsync());
        Assert.Equal(45, silo.Wallet.TokenValidityDays);
    }

    [SkippableFact]
    public async Task A_change_through_the_API_service_applies_here_at_once_and_on_another_silo_at_its_next_refresh()
    {
        using var here = new Silo(Database, _clock);
        using var there = new Silo(Database, _clock);
        var hostClock = new FakeTimeProvider(T0);
        await using var refresher = new ParameterRefresher(there.Provider, Options.Create(new ParameterOptions()), hostClock, NullLogger<ParameterRefresher>.Instance);
        await refresher.StartAsync(CancellationToken.None);

        var result = await here.Parameters.SetAsync("wallet:tokenValidityDays", " 120 ", "admin1");
        Assert.Equal(ParameterOutcome.Changed, result.Outcome);
        Assert.Equal(120, here.Wallet.TokenValidityDays);
        Assert.Equal(45, there.Wallet.TokenValidityDays);

        hostClock.Advance(TimeSpan.FromSeconds(9));
        await refresher.Current;
        Assert.Equal(45, there.Wallet.TokenValidityDays);
        hostClock.Advance(TimeSpan.FromSeconds(1));
        await refresher.Current;
        Assert.Equal(120, there.Wallet.TokenValidityDays);

        Assert.Equal(ParameterOutcome.Changed, (await here.Parameters.DeleteAsync(Days, "admin1")).Outcome);
        hostClock.Advance(TimeSpan.FromSeconds(10));
        await refresher.Current;
        Assert.Equal(45, there.Wallet.TokenValidityDays);
        await refresher.StopAsync(CancellationToken.None);
    }

    [SkippableFact]
    public async Task The_service_shows_where_each_value_comes_from()
    {
        using var silo = new Silo(Database, _clock);
        var before = (await silo.Parameters.GetAsync(Days))!;
        Assert.Equal(("45", false, "45", null, "30"), (before.Value, before.Overridden, before.FileValue, before.StoredValue, before.Default));
        var validity = (await silo.Parameters.GetAsync("Sms:Push:Validity"))!;
        Assert.Equal(("1.00:00:00", null), (validity.Value, validity.FileValue));

        var set = await silo.Parameters.SetAsync(Days, "60", "admin1");
        Assert.Equal(ParameterOutcome.Changed, set.Outcome);
        Assert.Equal(("60", true, "45", "60", "admin1", T0), (set.Parameter!.Value, set.Parameter.Overridden, set.Parameter.FileValue, set.Parameter.StoredValue, set.Parameter.UpdatedBy, set.Parameter.UpdatedAt));
        Assert.Equal(ParameterOutcome.Unchanged, (await silo.Parameters.SetAsync(Days, "060", "admin2")).Outcome);

        var all = await silo.Parameters.ListAsync();
        Assert.Equal(ParameterCatalogue.All.Select(d => d.Name), all.Select(p => p.Name));
        Assert.Equal(["Wallet:TokenValidityDays"], all.Where(p => p.Overridden).Select(p => p.Name));

        var history = await silo.Parameters.HistoryAsync("WALLET:TOKENVALIDITYDAYS", 10);
        Assert.Equal([ParameterActions.Add], history!.Select(h => h.Action));
        Assert.Null(await silo.Parameters.HistoryAsync("Nope:Nothing", 10));
        Assert.Null(await silo.Parameters.GetAsync("Nope:Nothing"));
    }

    [SkippableFact]
    public async Task Unknown_names_and_invalid_values_are_refused_and_change_nothing()
    {
        using var silo = new Silo(Database, _clock);
        var unknown = await silo.Parameters.SetAsync("KeyService:StorageKey", "00", "admin1");
        Assert.Equal(ParameterOutcome.UnknownName, unknown.Outcome);
        Assert.Contains("KeyService:StorageKey is not a known parameter", unknown.Problem, StringComparison.Ordinal);

        var invalid = await silo.Parameters.SetAsync("Ota:SecurityLevel", "0", "admin1");
        Assert.Equal((ParameterOutcome.InvalidValue, "Ota:SecurityLevel: one of 1, 2, 3."), (invalid.Outcome, invalid.Problem));
        Assert.Equal(ParameterOutcome.UnknownName, (await silo.Parameters.DeleteAsync("Storage:Profile", "admin1")).Outcome);
        Assert.Equal(ParameterOutcome.NotOverridden, (await silo.Parameters.DeleteAsync(Days, "admin1")).Outcome);

        Assert.Empty(await new ParameterStore(Database, _clock).HistoryAsync(null, 10));
        Assert.Equal("1", silo.Configuration["Ota:SecurityLevel"]);
    }

    [SkippableFact]
    public async Task Stored_rows_that_are_unknown_or_invalid_are_left_out_and_reported()
    {
        // Written past the checks, as by hand or by a version with other bounds.
        var store = new ParameterStore(Database, _clock);
        await store.SetAsync(Days, "0", "dba");
        await store.SetAsync("KeyService:StorageKey", "00", "dba");
        await store.SetAsync("Ota:SecurityLevel", "2", "dba");

        using var silo = new Silo(Database, _clock);
        Assert.Equal(45, silo.Wallet.TokenValidityDays);
        Assert.Null(silo.Configuration["KeyService:StorageKey"]);
        Assert.Equal("2", silo.Configuration["Ota:SecurityLevel"]);
        Assert.Equal("Wallet:TokenValidityDays: must be 1..3650.", silo.Provider.Rejected[Days]);
        Assert.Contains("not a known parameter", silo.Provider.Rejected["KeyService:StorageKey"], StringComparison.Ordinal);

        var view = (await silo.Parameters.GetAsync(Days))!;
        Assert.Equal(("45", false, "0", "Wallet:TokenValidityDays: must be 1..3650."), (view.Value, view.Overridden, view.StoredValue, view.Rejected));
    }
}
