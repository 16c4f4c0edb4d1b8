namespace Tsm.Perf.Ota;

/// <summary>Session times and failures of the counted window, shared by the phone loops.</summary>
internal sealed class SessionStats
{
    private readonly Lock _gate = new();
    private readonly List<double> _millis = [];
    private long _roundTrips;
    private int _failures;
    private bool _counting;

    public bool OutOfSes { get; private set; }

    public void RanOut() => OutOfSes = true;

    /// <summary>Starts counting (after the warm-up).</summary>
    public void Start()
    {
        lock (_gate)
        {
            _millis.Clear();
            _roundTrips = 0;
            _failures = 0;
            _counting = true;
        }
    }

    /// <summary>Stops counting: what completes later is not in the window.</summary>
    public void Stop()
    {
        lock (_gate)
            _counting = false;
    }

    public void Download(TimeSpan session, long trips)
    {
        lock (_gate)
        {
            if (!_counting)
                return;
            _millis.Add(session.TotalMilliseconds);
            _roundTrips += trips;
        }
    }

    public void Fail()
    {
        lock (_gate)
        {
            if (_counting)
                _failures++;
        }
    }

    public PhoneResult Result(double windowSeconds, WireDelta wire, double cpuMs)
    {
        lock (_gate)
        {
            var sorted = _millis.Order().ToArray();
            double P(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
            return new PhoneResult
            {
                Downloads = sorted.Length,
                Failures = _failures,
                WindowSeconds = windowSeconds,
                RoundTrips = _roundTrips,
                Requests = wire.Requests,
                BytesUp = wire.BytesUp,
                BytesDown = wire.BytesDown,
                ConnectionsOpened = wire.Opened,
                ConnectionsOpenAtEnd = wire.OpenAtEnd,
                CpuMs = cpuMs,
                P50Ms = P(0.50),
                P99Ms = P(0.99),
                P999Ms = P(0.999),
                MaxMs = sorted.Length == 0 ? 0 : sorted[^1],
                OutOfSes = OutOfSes,
            };
        }
    }
}
