namespace Tsm.Perf.Ota;

/// <summary>The <see cref="WireMeter"/>'s counters at one moment.</summary>
internal sealed record WireSnapshot(long Requests, long BytesUp, long BytesDown, long Opened)
{
    public static WireSnapshot Of(WireMeter meter) => new(meter.Requests, meter.BytesUp, meter.BytesDown, meter.Opened);
}
