namespace Tsm.Perf.Ota;

/// <summary>What the <see cref="WireMeter"/> counted between two moments.</summary>
internal sealed record WireDelta(long Requests, long BytesUp, long BytesDown, long Opened, long OpenAtEnd)
{
    public static WireDelta Between(WireSnapshot start, WireMeter meter) => new(
        meter.Requests - start.Requests, meter.BytesUp - start.BytesUp, meter.BytesDown - start.BytesDown, meter.Opened - start.Opened, meter.Open);
}
