using System.Net;
using System.Net.Http.Json;
using Tsm.Gateway.Tests.Ota;
using Tsm.Gateway.Tests.Storage;
using Tsm.Protocol.Wallet;

namespace Tsm.Gateway.Tests.Access;

/// <summary>Wallet access tokens expire with the domain clock and refresh tokens rotate (docs/security.md, "Wallets").</summary>
public sealed class WalletTokenTests
{
    [Fact]
    public async Task An_access_token_expires_and_a_refresh_token_works_once()
    {
        using var database = new TempDatabase();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = new RunningGateway(database.Path) { Clock = clock };
        await gateway.StartAsync();
        using var phone = new Phone(gateway.BaseAddress, "8600000000000000D201", "13800001201");
        var login = await phone.LoginAsync();
        Assert.Equal(15 * 60, login.ExpiresIn);
        var queue = new Uri($"/wallet/v1/ses/{phone.SeId}/tasks", UriKind.Relative);
        using (var fresh = await phone.Http.GetAsync(queue))
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);

        clock.Advance(TimeSpan.FromMinutes(16));
        using (var expired = await phone.Http.GetAsync(queue))
            Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);

        using var refreshed = await gateway.Anonymous.PostAsJsonAsync("/wallet/v1/token", new { refreshToken = login.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var pair = (await refreshed.Content.ReadFromJsonAsync(WalletJsonContext.Default.WalletTokenResponse))!;
        Assert.NotEqual(login.RefreshToken, pair.RefreshToken);
        phone.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", pair.AccessToken);
        using (var again = await phone.Http.GetAsync(queue))
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        // The refresh token just used is spent; a forged one is nothing.
        using (var replay = await gateway.Anonymous.PostAsJsonAsync("/wallet/v1/token", new { refreshToken = login.RefreshToken }))
            Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        using (var forged = await gateway.Anonymous.PostAsJsonAsync("/wallet/v1/token", new { refreshToken = "CfDJ8forged" }))
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        // The new refresh token works once more.
        using var next = await gateway.Anonymous.PostAsJsonAsync("/wallet/v1/token", new { refreshToken = pair.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }
}
