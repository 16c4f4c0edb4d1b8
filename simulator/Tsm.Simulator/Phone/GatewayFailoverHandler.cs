using System.Net;

namespace Tsm.Simulator.Phone;

/// <summary>
/// The wallet's list of gateway addresses (docs/simulator.md, "Several gateways"): requests go to the gateway that
/// answered last; when it cannot be reached (no connection, a reset) or answers 502, 503 or 504 — a node stopped or
/// failing over — the same request goes to the next address, round the list once, and the gateway that answers
/// becomes the current one. The last failure goes to the caller when none answers. Requests are written against the
/// first address (the HttpClient's base address); their path and query are kept on the others. Request content is
/// sent again as is, so it must be buffered (the wallet's JSON bodies are).
/// </summary>
public sealed class GatewayFailoverHandler : DelegatingHandler
{
    private readonly IReadOnlyList<Uri> _gateways;
    private readonly Action<string>? _onFailover;
    private int _current;

    /// <param name="gateways">The base addresses, in order of preference (each ending in '/').</param>
    /// <param name="onFailover">Told, in one line, when a gateway is left for the next.</param>
    /// <param name="inner">The transport; default a new <see cref="SocketsHttpHandler"/>.</param>
    public GatewayFailoverHandler(IReadOnlyList<Uri> gateways, Action<string>? onFailover = null, HttpMessageHandler? inner = null)
        : base(inner ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
        ArgumentNullException.ThrowIfNull(gateways);
        if (gateways.Count == 0)
            throw new ArgumentException("At least one gateway address is needed.", nameof(gateways));
        _gateways = gateways;
        _onFailover = onFailover;
    }

    /// <summary>The gateway requests go to now.</summary>
    public Uri Current => _gateways[Volatile.Read(ref _current)];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var start = Volatile.Read(ref _current);
        var relative = Relative(request.RequestUri);
        Exception? lastError = null;
        HttpResponseMessage? lastResponse = null;
        for (var attempt = 0; attempt < _gateways.Count; attempt++)
        {
            var index = (start + attempt) % _gateways.Count;
            var target = _gateways[index];
            var message = attempt == 0 ? request : Copy(request);
            if (relative is not null)
                message.RequestUri = new Uri(target, relative);
            try
            {
                lastResponse?.Dispose();
                lastResponse = null;
                var response = await base.SendAsync(message, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode is not (HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout))
                {
                    Volatile.Write(ref _current, index);
                    return response;
                }
                lastResponse = response;
                Tell(target, index, $"answered {(int)response.StatusCode}");
            }
            catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
            {
                lastError = ex;
                Tell(target, index, $"unreachable ({ex.Message})");
            }
        }
        if (lastResponse is not null)
            return lastResponse;
        throw lastError!;
    }

    private void Tell(Uri failed, int index, string why)
    {
        if (_gateways.Count > 1)
            _onFailover?.Invoke($"failover: gateway {failed} {why}; trying {_gateways[(index + 1) % _gateways.Count]}");
    }

    /// <summary>The path and query of a request written against one of the gateways (null: another host, left alone).</summary>
    private string? Relative(Uri? uri)
    {
        if (uri is null || !uri.IsAbsoluteUri)
            return null;
        foreach (var gateway in _gateways)
        {
            if (gateway.IsBaseOf(uri))
                return gateway.MakeRelativeUri(uri).OriginalString;
        }
        return null;
    }

    /// <summary>The request again (a request message is sent once), with its headers and its (buffered) content.</summary>
    private static HttpRequestMessage Copy(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Content = request.Content,
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
        };
        foreach (var header in request.Headers)
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        return copy;
    }
}
