using System.Diagnostics.Metrics;
using Tsm.Gateway.Outbox;
using Tsm.Gateway.Sms;
using Tsm.Gateway.Sms.Links;

namespace Tsm.Gateway.Observability;

/// <summary>
/// The gauges of this gateway (docs/operations.md, "Metrics"): SMS links bound, window in use and queue per account;
/// outbox backlog and age; active silos. Outbox figures come from a query every <see cref="SamplePeriod"/>, never from
/// the scrape itself, so a scrape costs no database round trip and works while the database is down (the last sample
/// stays until the next one succeeds).
/// </summary>
public sealed class PlatformGauges : BackgroundService
{
    public const string MeterName = "Tsm.Gateway";

    public static readonly TimeSpan SamplePeriod = TimeSpan.FromSeconds(15);

    private readonly OutboxBacklogs _backlogs;
    private readonly TimeProvider _time;
    private volatile IReadOnlyList<(string Name, OutboxBacklog Backlog)> _lastBacklogs = [];

    public PlatformGauges(IMeterFactory meters, IServiceProvider services, OutboxBacklogs backlogs, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _backlogs = backlogs;
        _time = time;
        var meter = meters.Create(MeterName);
        IEnumerable<SmsAccountStatus> Accounts() =>
            services.GetService<SmsSenders>()?.All.OfType<ISmsAccountClient>().Select(a => a.Status()) ?? [];
        meter.CreateObservableGauge("tsm.sms.links.bound", () => Accounts().Select(a => Measure(a.Bound, "tsm.sms.account", a.Account)),
            "{link}", "Links of an SMS account bound now.");
        meter.CreateObservableGauge("tsm.sms.links.configured", () => Accounts().Select(a => Measure(a.Links, "tsm.sms.account", a.Account)),
            "{link}", "Links configured for an SMS account.");
        meter.CreateObservableGauge("tsm.sms.window.in_flight", () => Accounts().Select(a => Measure(a.InFlight, "tsm.sms.account", a.Account)),
            "{request}", "Submits sent and not yet answered (window in use), over an account's links.");
        meter.CreateObservableGauge("tsm.sms.queued", () => Accounts().Select(a => Measure(a.Queued, "tsm.sms.account", a.Account)),
            "{request}", "Submits waiting for a window slot.");
        meter.CreateObservableGauge("tsm.outbox.backlog", () => _lastBacklogs.Select(b => Measure(b.Backlog.Waiting, "tsm.outbox", b.Name)),
            "{row}", "Rows of an outbox still to deliver (pending or leased).");
        meter.CreateObservableGauge("tsm.outbox.oldest_due_age", () => _lastBacklogs.Select(b => Measure(b.Backlog.OldestDueFor.TotalSeconds, "tsm.outbox", b.Name)),
            "s", "How long the most overdue row of an outbox has waited past its due time.");
        var membership = services.GetService<IClusterMembershipService>();
        if (membership is not null)
        {
            meter.CreateObservableGauge("tsm.cluster.silos.active",
                () => membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active),
                "{silo}", "Silos active in the cluster, as this silo sees it.");
        }
    }

    private static Measurement<T> Measure<T>(T value, string tag, string tagValue)
        where T : struct => new(value, new KeyValuePair<string, object?>(tag, tagValue));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SamplePeriod, _time);
        do
        {
            try
            {
                _lastBacklogs = await _backlogs.ReadAsync(_time.GetUtcNow(), stoppingToken);
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is down: the readiness check reports it; the gauges keep the last sample.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
