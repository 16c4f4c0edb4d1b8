using Tsm.Gateway.Tests.Ota;

namespace Tsm.Gateway.Tests.Http;

/// <summary>Bodies over the size limit on the SERAM and wallet routes: 413 with problem details, over real HTTP.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RequestSizeTests(GatewayFixture gateway)
{
    [Theory]
    [InlineData("/gp/seram/handshake")]
    [InlineData("/gp/seram/remoteManagement")]
    public async Task Seram_routes_answer_413_over_the_limit(string path)
    {
        // A wallet with its access token and a session of its own: the size cap is what refuses the request.
        using var phone = new Phone(gateway.BaseAddress, "8600000000000000C2" + (path.Length % 100).ToString("D2", System.Globalization.CultureInfo.InvariantCulture), "13800138201");
        var login = await phone.LoginOnlyAsync();
        await BodySize.AssertCappedAsync(phone.Http, BodySize.Limit(gateway.Services), $"{path}?sessionId={Uri.EscapeDataString(login.SessionId!)}");
    }

    [Fact]
    public Task Wallet_login_answers_413_over_the_limit() =>
        BodySize.AssertCappedAsync(gateway.Anonymous, BodySize.Limit(gateway.Services), "/wallet/v1/login");

    [Fact]
    public async Task Wallet_operations_answer_413_over_the_limit()
    {
        using var phone = new Phone(gateway.BaseAddress, "8600000000000000C210", "13800138210");
        await phone.LoginOnlyAsync();
        await BodySize.AssertCappedAsync(phone.Http, BodySize.Limit(gateway.Services), "/wallet/v1/operations");
    }
}
