using System.Net;
using System.Text.Json;

namespace Tsm.Gateway.Tests.Observability;

/// <summary>Liveness, readiness with its checks, and the Prometheus endpoint behind metrics.read (docs/operations.md).</summary>
[Collection(GatewayCollection.Name)]
public sealed class HealthAndMetricsTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Liveness_answers_while_the_process_runs()
    {
        using var response = await gateway.Anonymous.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readiness_reports_each_check_as_json()
    {
        using var response = await gateway.Anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = report.RootElement.GetProperty("checks");
        foreach (var name in new[] { "database", "cluster", "key-service", "sms-links", "outboxes" })
            Assert.True(checks.TryGetProperty(name, out _), $"readiness lacks the {name} check");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("cluster").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("key-service").GetProperty("status").GetString());
        // No SMS account in the test configuration: nothing to be down.
        Assert.Equal("Healthy", checks.GetProperty("sms-links").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Metrics_need_the_metrics_read_permission()
    {
        using (var anonymous = await gateway.Anonymous.GetAsync(new Uri("/metrics", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using (var hall = await gateway.BusinessHall.GetAsync(new Uri("/metrics", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.Forbidden, hall.StatusCode);

        // A request first, so that the HTTP server metrics have a measurement. The gateway's own gauges are read from a
        // gateway in its own process (MetricsScrapeTests): in this test process several gateway hosts come and go, and
        // one disposing its "Tsm.Gateway" meter stops same-named instruments in the others' providers
        // (open-telemetry/opentelemetry-dotnet#6412), which a production gateway, one host per process, never meets.
        using (await gateway.Client.GetAsync(new Uri("/version", UriKind.Relative))) { }
        using var response = await gateway.Client.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
    }
}
