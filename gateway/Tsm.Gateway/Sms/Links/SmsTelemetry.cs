using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Tsm.Gateway.Sms.Links;

/// <summary>
/// The SMS links' meter and activity source (docs/operations.md, "Metrics"). The links record into it directly; the
/// gauges of link state, window and queue are observed by <see cref="Observability.PlatformGauges"/>.
/// </summary>
public static class SmsTelemetry
{
    public const string Name = "Tsm.Sms";

    private static readonly Meter s_meter = new(Name);

    /// <summary>A span per message submitted through an account (the submit and its response).</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>
    /// The W3C traceparent of the current span when it is recorded (a trace is being exported), else null: stored with
    /// work done later (a push), whose span then continues the trace.
    /// </summary>
    public static string? TraceParentOfCurrent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Recorded: true } current ? current.Id : null;

    /// <summary>
    /// Starts the span of delivering a push: a child of the span the push was stored in (its stored traceparent), so
    /// the trace runs from the HTTP request that made the push to its <c>sms.send</c>; linked to the worker's round
    /// (the span current here) when it has one. Without a stored or readable traceparent, a child of the current span.
    /// </summary>
    public static Activity? StartPushDelivery(string? traceParent)
    {
        if (traceParent is null || !ActivityContext.TryParse(traceParent, null, out var stored))
            return Source.StartActivity("push.deliver", ActivityKind.Producer);
        ActivityLink[]? links = Activity.Current is { } round ? [new ActivityLink(round.Context)] : null;
        return Source.StartActivity("push.deliver", ActivityKind.Producer, stored, links: links);
    }

    private static readonly Counter<long> s_submits = s_meter.CreateCounter<long>(
        "tsm.sms.submits", "{pdu}", "Submits written to an SMSC (re-sends included).");

    private static readonly Counter<long> s_throttles = s_meter.CreateCounter<long>(
        "tsm.sms.throttles", "{response}", "Throttling answers from an SMSC (the request is sent again after a pause).");

    private static readonly Counter<long> s_timeouts = s_meter.CreateCounter<long>(
        "tsm.sms.response_timeouts", "{request}", "Submits left unanswered within the response time-out.");

    private static readonly Histogram<double> s_latency = s_meter.CreateHistogram<double>(
        "tsm.sms.submit.latency", "s", "From writing a submit to reading its response.");

    private static readonly Counter<long> s_binds = s_meter.CreateCounter<long>(
        "tsm.sms.binds", "{bind}", "Successful binds (reconnect=true after the first of a link).");

    private static readonly Counter<long> s_disconnects = s_meter.CreateCounter<long>(
        "tsm.sms.disconnects", "{connection}", "Connections of a bound link that ended.");

    internal static void Submitted(SmsLinkInfo link) => s_submits.Add(1, AccountTag(link));

    internal static void Throttled(SmsLinkInfo link) => s_throttles.Add(1, AccountTag(link));

    internal static void TimedOut(SmsLinkInfo link) => s_timeouts.Add(1, AccountTag(link));

    internal static void Answered(SmsLinkInfo link, TimeSpan latency) => s_latency.Record(latency.TotalSeconds, AccountTag(link));

    internal static void Bound(SmsLinkInfo link, int binds) =>
        s_binds.Add(1, AccountTag(link), new KeyValuePair<string, object?>("tsm.sms.reconnect", binds > 1));

    internal static void Disconnected(SmsLinkInfo link) => s_disconnects.Add(1, AccountTag(link));

    private static KeyValuePair<string, object?> AccountTag(SmsLinkInfo link) => new("tsm.sms.account", link.Account);
}
