using System.Diagnostics.Metrics;

namespace Tsm.Gateway.Outbox;

/// <summary>
/// The outboxes' meter (docs/operations.md, "Metrics"): what each delivery attempt came to. Backlog and age are gauges
/// observed from the tables by <see cref="Observability.PlatformGauges"/>.
/// </summary>
public static class OutboxTelemetry
{
    public const string Name = "Tsm.Outbox";

    private static readonly Meter s_meter = new(Name);

    private static readonly Counter<long> s_attempts = s_meter.CreateCounter<long>(
        "tsm.outbox.deliveries", "{attempt}", "Delivery attempts by outbox and result (done, retry, failed, gave-up).");

    private static readonly Counter<long> s_failedRounds = s_meter.CreateCounter<long>(
        "tsm.outbox.failed_rounds", "{round}", "Rounds that could not claim or record rows (the database unreachable, say).");

    internal static void Attempted(string outbox, string result) =>
        s_attempts.Add(1, new KeyValuePair<string, object?>("tsm.outbox", outbox), new KeyValuePair<string, object?>("tsm.outbox.result", result));

    internal static void RoundFailed(string outbox) => s_failedRounds.Add(1, new KeyValuePair<string, object?>("tsm.outbox", outbox));
}
