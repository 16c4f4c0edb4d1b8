using Tsm.Gateway.ServiceProviders;
using Tsm.Gateway.Tests.Http;

namespace Tsm.Gateway.Tests.Sp;

/// <summary>Bodies over the size limit on the service-provider routes: 413 with problem details once authenticated.</summary>
[Collection(SpGatewayCollection.Name)]
public sealed class SpRequestSizeTests(SpGatewayFixture gateway)
{
    private static void Authenticated(HttpRequestMessage request) => request.Headers.Add(SpAuthenticator.ApiKeyHeader, SpSetup.BankKey);

    [Fact]
    public async Task Sp_routes_answer_413_over_the_limit()
    {
        var limit = BodySize.Limit(gateway.Services);
        var seId = SpSetup.NewSeId();
        await BodySize.AssertCappedAsync(gateway.Client, limit, SpPaths.Operations(seId), Authenticated);
        await BodySize.AssertCappedAsync(gateway.Client, limit, SpPaths.Activation(seId, SpSetup.DemoApp), Authenticated);
    }
}
