using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Tsm.Gateway.Tests.Storage;

namespace Tsm.Gateway.Tests.Observability;

/// <summary>
/// A Prometheus scraper reads a gateway running as its own OS process, as in production (docs/operations.md,
/// "Metrics"): the HTTP server's histograms, the gateway's own gauges and the engine's counters are all there.
/// </summary>
public sealed class MetricsScrapeTests
{
    private const string Token = "scrape-token-for-the-process-test-01";

    [Fact]
    public async Task A_scrape_of_a_gateway_process_shows_the_http_cluster_and_outbox_metrics()
    {
        using var database = new TempDatabase();
        using var gateway = new GatewayProcess(SiloHost.FreePort(),
        [
            "--Storage:SqlitePath", database.Path,
            "--Observability:ScrapeTokenHashes:0", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Token))),
        ]);
        await gateway.StartAsync();
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using (await http.GetAsync(new Uri("/version", UriKind.Relative))) { }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
        // One silo, active: the gauge's sample line, not only its description.
        Assert.Contains("tsm_cluster_silos_active", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^tsm_cluster_silos_active(\{[^}]*\})? 1( |$)", text);
        Assert.Contains("tsm_outbox_backlog", text, StringComparison.Ordinal);
        Assert.Equal(0, await gateway.StopAsync(TimeSpan.FromSeconds(30)));
    }
}
