using System.Net;
using System.Net.Http.Json;

namespace Tsm.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class HealthAndVersionTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Health_is_healthy()
    {
        using var response = await gateway.Client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Version_names_the_product()
    {
        var version = await gateway.Client.GetFromJsonAsync<VersionInfo>(new Uri("/version", UriKind.Relative));
        Assert.NotNull(version);
        Assert.Equal("TSM gateway", version.Product);
        Assert.False(string.IsNullOrWhiteSpace(version.Version));
    }

    [Fact]
    public async Task Unknown_path_is_a_problem_details_404()
    {
        using var response = await gateway.Client.GetAsync(new Uri("/no-such-thing", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
