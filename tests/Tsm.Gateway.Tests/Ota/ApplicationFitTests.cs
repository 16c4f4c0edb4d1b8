using System.Net;
using System.Net.Http.Json;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Card;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>
/// Requirement 5.8.7.1: a download the SE's recorded free space cannot hold is refused when asked for — a clear 409,
/// nothing queued, nothing changed — instead of failing on the card's 6A84.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ApplicationFitTests(GatewayFixture gateway)
{
    private const string DemoApp = "A000000333010101";

    [Fact]
    public async Task A_download_that_cannot_fit_is_refused_at_once_and_queues_nothing()
    {
        const string seId = "8600000000000000A0F2";
        var small = new SimulatedCard(CardFactory.CreateBatch(new SeBatchProfile { FirstSeId = seId, NonVolatileBytes = 4096 }).Single());
        small.PowerOn();
        using var phone = new Phone(gateway.BaseAddress, seId, "13300000092", small);
        var login = await phone.LoginAsync(); // the registration reads the free space (GET DATA FF21)
        Assert.Contains(DemoApp, login.Applications.Download);

        using var response = await phone.Http.PostAsJsonAsync("/wallet/v1/operations",
            new { seId, msisdn = phone.Msisdn, operation = "download", applicationAid = DemoApp });
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Not enough space", body, StringComparison.Ordinal);
        Assert.Contains("4096", body, StringComparison.Ordinal);

        var queue = await phone.Http.GetFromJsonAsync<List<System.Text.Json.JsonElement>>($"/wallet/v1/ses/{seId}/tasks");
        Assert.Empty(queue!);
        Assert.DoesNotContain(small.Image.LoadFiles, f => f.Aid == DemoApp[..14]);
        var again = await new Tsm.Simulator.Phone.WalletClient(phone.Http).LoginAsync(
            new WalletLoginRequest { Msisdn = phone.Msisdn, SeId = seId, Imsi = phone.Imsi, Token = Tsm.Simulator.Phone.WalletClient.ReadToken(small) });
        Assert.Contains(DemoApp, again.Applications.Download);
    }
}
