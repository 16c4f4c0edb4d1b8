namespace Tsm.Gateway.Observability;

/// <summary>Metrics, traces and health settings (section "Observability"; docs/operations.md).</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Observability";

    /// <summary>
    /// The OTLP collector (e.g. <c>http://collector:4317</c>) that receives traces, metrics and logs; unset (the default):
    /// no export, and no traces are recorded. The Prometheus endpoint <c>/metrics</c> serves metrics either way.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>The OTLP transport: <c>grpc</c> (default, port 4317) or <c>http/protobuf</c> (port 4318).</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>
    /// SHA-256 (hex) of the bearer tokens a Prometheus scraper may present at <c>/metrics</c> instead of an operator's
    /// sign-in (docs/operations.md, "Scraping"). Only hashes are configured; the token itself stays with the scraper.
    /// </summary>
    public List<string> ScrapeTokenHashes { get; set; } = [];

    /// <summary>Readiness is Degraded when the oldest due row of an outbox (pushes, callbacks) has waited longer than this.</summary>
    public TimeSpan OutboxAgeDegraded { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a readiness probe of the database may take before it counts as down.</summary>
    public TimeSpan DatabaseProbeTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
