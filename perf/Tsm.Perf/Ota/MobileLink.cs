namespace Tsm.Perf.Ota;

/// <summary>
/// The phone's side of a mobile network: every request waits one round trip (<c>rtt ± jitter</c>, uniform) before it
/// goes out, as if request and response each crossed half of it, and is counted on the <see cref="WireMeter"/> (and here when it is a SERAM report). The
/// wait is a timer, not a thread, so thousands of phones cost no threads while they wait.
/// </summary>
internal sealed class MobileLink(HttpMessageHandler inner, WireMeter meter, TimeSpan rtt, TimeSpan jitter) : DelegatingHandler(inner)
{
    private long _remoteManagement;

    /// <summary>SERAM remoteManagement POSTs sent through this link (one link per phone).</summary>
    public long RemoteManagement => Interlocked.Read(ref _remoteManagement);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        meter.Request();
        if (request.RequestUri?.AbsolutePath.EndsWith("/remoteManagement", StringComparison.Ordinal) == true)
            Interlocked.Increment(ref _remoteManagement);
        if (rtt > TimeSpan.Zero)
        {
            var spread = jitter.TotalMilliseconds * ((Random.Shared.NextDouble() * 2) - 1);
            await Task.Delay(TimeSpan.FromMilliseconds(rtt.TotalMilliseconds + spread), cancellationToken);
        }
        return await base.SendAsync(request, cancellationToken);
    }
}
