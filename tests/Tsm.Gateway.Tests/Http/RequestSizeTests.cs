namespace Tsm.Gateway.Tests.Http;

/// <summary>Bodies over the size limit on the SERAM and wallet routes: 413 with problem details, over real HTTP.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RequestSizeTests(GatewayFixture gateway)
{
    [Theory]
    [InlineData("/gp/seram/handshake?sessionId=8600000000000000C201.x")]
    [InlineData("/gp/seram/remoteManagement?sessionId=8600000000000000C201.x")]
    public Task Seram_routes_answer_413_over_the_limit(string path) =>
        BodySize.AssertCappedAsync(gateway.Client, BodySize.Limit(gateway.Services), path);

    [Theory]
    [InlineData("/wallet/v1/login")]
    [InlineData("/wallet/v1/operations")]
    public Task Wallet_routes_answer_413_over_the_limit(string path) =>
        BodySize.AssertCappedAsync(gateway.Client, BodySize.Limit(gateway.Services), path);
}
