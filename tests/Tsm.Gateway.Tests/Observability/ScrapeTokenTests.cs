using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Tsm.Gateway.Tests.Observability;

/// <summary>A gateway whose scraper token hash is configured (Observability:ScrapeTokenHashes).</summary>
public sealed class ScrapeTokenGatewayFixture : ConfiguredGatewayFixture
{
    public const string Token = "scrape-token-for-the-tests-0001";

    protected override string[] Arguments() =>
        ["--Observability:ScrapeTokenHashes:0", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Token)))];
}

/// <summary>A Prometheus scraper reads /metrics with its own token; the token grants nothing else.</summary>
public sealed class ScrapeTokenTests(ScrapeTokenGatewayFixture gateway) : IClassFixture<ScrapeTokenGatewayFixture>
{
    private async Task<HttpStatusCode> GetAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await gateway.Anonymous.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task The_configured_token_reads_metrics_and_nothing_else()
    {
        Assert.Equal(HttpStatusCode.OK, await GetAsync("/metrics", ScrapeTokenGatewayFixture.Token));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("/metrics", ScrapeTokenGatewayFixture.Token + "x"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("/admin/v1/operations", ScrapeTokenGatewayFixture.Token));
    }
}
