using System.Text.Json.Serialization;

namespace Tsm.Perf.Ota;

/// <summary>What the phone process measured over the counted window, sent to the gateway's process as one JSON line.</summary>
internal sealed record PhoneResult
{
    public int Downloads { get; init; }

    public int Failures { get; init; }

    public double WindowSeconds { get; init; }

    /// <summary>SERAM remoteManagement POSTs of the counted downloads.</summary>
    public long RoundTrips { get; init; }

    /// <summary>Every HTTP request in the window (operation, handshake, reports, task status; deletes in cycle mode).</summary>
    public long Requests { get; init; }

    public long BytesUp { get; init; }

    public long BytesDown { get; init; }

    public long ConnectionsOpened { get; init; }

    public long ConnectionsOpenAtEnd { get; init; }

    /// <summary>CPU of the phone process (phones and simulated SEs) in the window.</summary>
    public double CpuMs { get; init; }

    public double P50Ms { get; init; }

    public double P99Ms { get; init; }

    public double P999Ms { get; init; }

    public double MaxMs { get; init; }

    public bool OutOfSes { get; init; }
}

[JsonSerializable(typeof(PhoneResult))]
internal sealed partial class PhoneResultJson : JsonSerializerContext;
