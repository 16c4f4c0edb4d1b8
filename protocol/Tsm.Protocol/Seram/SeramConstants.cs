namespace Tsm.Protocol.Seram;

/// <summary>
/// GP SERAM 2.0.0 HTTP REST binding (GlobalPlatform/SERAM doc/GPSERAM__HTTP_REST_Binding.md, spec/gpseram.yaml):
/// endpoint paths, negotiated values and the timing rules of the binding's polling and transmission-error sections.
/// </summary>
public static class SeramConstants
{
    /// <summary>Base path of the remote agent (the OpenAPI server URL is <c>{protocol}://{domain}/gp/seram</c>).</summary>
    public const string BasePath = "/gp/seram";

    /// <summary>Handshake step: POST a <see cref="HandshakeRequest"/>, get a <see cref="HandshakeResponse"/>.</summary>
    public const string HandshakePath = "/gp/seram/handshake";

    /// <summary>Command exchange step: POST a <see cref="RemoteManagementReport"/>, get a <see cref="RemoteManagementOrder"/>.</summary>
    public const string RemoteManagementPath = "/gp/seram/remoteManagement";

    /// <summary>Query parameter naming the management session on every request.</summary>
    public const string SessionIdParameter = "sessionId";

    /// <summary>HTTP over TLS: the only value of schema <c>transportProtocol</c>, and the default of an offer without a list.</summary>
    public const string TransportHttps = "HTTPS";

    /// <summary>
    /// Plain HTTP: the OpenAPI server URL allows the <c>http</c> scheme, so a remote agent served without TLS reports
    /// this rather than claim HTTPS (docs/wallet-protocol.md, "SERAM conformance").
    /// </summary>
    public const string TransportHttp = "HTTP";

    /// <summary>The only data format of 2.0.0 (schema <c>dataFormat</c>); also the HTTP content type of every body.</summary>
    public const string DataFormatJson = "application/json";

    public const string ContentType = "application/json";

    /// <summary>The protocol version this code implements.</summary>
    public const string Version = "2.0.0";

    public static IReadOnlyList<string> KnownTransportProtocols { get; } = [TransportHttps, TransportHttp];

    /// <summary>What a handshake without <c>supportedTransportProtocols</c> offers: HTTPS only.</summary>
    public static IReadOnlyList<string> DefaultTransportProtocols { get; } = [TransportHttps];

    /// <summary>The transport a connection with this URI scheme is served over: HTTPS for <c>https</c>, else HTTP.</summary>
    public static string TransportForScheme(string? scheme) =>
        string.Equals(scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase) ? TransportHttps : TransportHttp;

    public static IReadOnlyList<string> KnownDataFormats { get; } = [DataFormatJson];

    public static IReadOnlyList<string> KnownVersions { get; } = [Version];

    /// <summary>Pause before the next request when an order carries no <c>delay</c> (binding text: 1 s).</summary>
    public static readonly TimeSpan DefaultPollingDelay = TimeSpan.FromSeconds(1);

    /// <summary>Longest long-poll a remote agent should hold a request (binding: 30 s).</summary>
    public static readonly TimeSpan MaxLongPoll = TimeSpan.FromSeconds(30);

    /// <summary>The local agent drops a request unanswered after 40 s and reconnects.</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(40);

    /// <summary>The local agent retries a failed connection for at most 5 minutes; the remote agent then deems it lost.</summary>
    public static readonly TimeSpan RetryWindow = TimeSpan.FromMinutes(5);

    /// <summary>The relative URI of an endpoint for one session, e.g. <c>/gp/seram/handshake?sessionId=abc</c>.</summary>
    public static string PathFor(string endpointPath, string sessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpointPath);
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return $"{endpointPath}?{SessionIdParameter}={Uri.EscapeDataString(sessionId)}";
    }
}
