using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Tsm.Perf.Ota;

/// <summary>
/// Samples this process's allocations by type through the runtime's GCAllocationTick event (one event per ~100 KB
/// allocated, naming the type of the allocation that crossed the mark), for <c>ota --alloc-types</c>: a sampled
/// estimate, good enough to say which types dominate a download's allocations.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private volatile bool _counting;

    public void Start() => _counting = true;

    public void Stop() => _counting = false;

    /// <summary>Sampled bytes per type, largest first.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Top(int count) => [.. _bytes.OrderByDescending(p => p.Value).Take(count)];

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_counting || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null || eventData.PayloadNames is null)
            return;
        var type = eventData.PayloadNames.IndexOf("TypeName");
        var amount = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (type < 0 || amount < 0)
            return;
        _bytes.AddOrUpdate(eventData.Payload[type] as string ?? "?", Convert.ToInt64(eventData.Payload[amount], System.Globalization.CultureInfo.InvariantCulture), (_, total) => total + Convert.ToInt64(eventData.Payload[amount], System.Globalization.CultureInfo.InvariantCulture));
    }
}
