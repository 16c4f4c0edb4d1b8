using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tsm.Gateway.ServiceProviders;

namespace Tsm.Gateway.Tests.Management.Providers;

/// <summary>Business platforms as data (requirement 5.7.1): grants, API keys issued once, the blacklist at the SP API's entry.</summary>
[Collection(ProvidersCollection.Name)]
public sealed class PlatformsApiTests(ProvidersFixture gateway)
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private HttpRequestMessage Operation(string key, string operation) =>
        new(HttpMethod.Post, new Uri(SpPaths.Operations("86000000000000000000000000000000"[..20] + "77"), UriKind.Relative))
        {
            Headers = { { SpAuthenticator.ApiKeyHeader, key } },
            Content = JsonContent.Create(new { operation, applicationAid = ProvidersFixture.AcmeApp }),
        };

    [Fact]
    public async Task An_issued_key_authenticates_its_platform_and_a_blacklisted_provider_gets_no_download_but_may_delete()
    {
        using var bad = await gateway.Client.PutAsJsonAsync("/admin/v1/providers/acme/platforms/acme-web", new { capabilities = new[] { "download", "fly" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var pending = await gateway.Client.PutAsJsonAsync("/admin/v1/providers/REG999999/platforms/acme-web", new { capabilities = new[] { "download" } });
        Assert.Equal(HttpStatusCode.NotFound, pending.StatusCode);

        using var granted = await gateway.Client.PutAsJsonAsync("/admin/v1/providers/acme/platforms/acme-web",
            new { capabilities = new[] { "download", "delete", "lock" }, callbackUrl = "http://127.0.0.1:9/hook", callbackSecret = "a-callback-secret-of-20" });
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        var view = await JsonAsync(granted);
        Assert.True(view.GetProperty("hasCallbackSecret").GetBoolean());
        Assert.DoesNotContain("a-callback-secret", view.ToString(), StringComparison.Ordinal);

        using var issued = await gateway.Client.PostAsync(new Uri("/admin/v1/providers/acme/platforms/acme-web/api-keys", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var key = (await JsonAsync(issued)).GetProperty("apiKey").GetString()!;
        using var list = await gateway.Client.GetAsync(new Uri("/admin/v1/providers/acme/platforms", UriKind.Relative));
        var listed = await list.Content.ReadAsStringAsync();
        Assert.Contains("acme-web", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listed, StringComparison.Ordinal);

        // The key works at once: an unknown SE is a 404, not a 401.
        using (var known = await gateway.Anonymous.SendAsync(Operation(key, "download")))
            Assert.NotEqual(HttpStatusCode.Unauthorized, known.StatusCode);
        using (var unknownKey = await gateway.Anonymous.SendAsync(Operation("tsm_not-a-key", "download")))
            Assert.Equal(HttpStatusCode.Unauthorized, unknownKey.StatusCode);

        using (var blacklisted = await gateway.Client.PostAsJsonAsync("/admin/v1/providers/acme/blacklist", new { reason = "unpaid" }))
            Assert.Equal(HttpStatusCode.OK, blacklisted.StatusCode);
        using var download = await gateway.Anonymous.SendAsync(Operation(key, "download"));
        Assert.Equal(HttpStatusCode.Forbidden, download.StatusCode);
        Assert.Equal("Provider blacklisted", (await JsonAsync(download)).GetProperty("title").GetString());
        using var delete = await gateway.Anonymous.SendAsync(Operation(key, "delete"));
        Assert.NotEqual(HttpStatusCode.Unauthorized, delete.StatusCode);
        Assert.NotEqual("Provider blacklisted", (await JsonAsync(delete)).TryGetProperty("title", out var title) ? title.GetString() : null);
        using (var restored = await gateway.Client.PostAsJsonAsync("/admin/v1/providers/acme/restore", new { reason = "paid" }))
            Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        using var after = await gateway.Anonymous.SendAsync(Operation(key, "download"));
        Assert.NotEqual("Provider blacklisted", (await JsonAsync(after)).TryGetProperty("title", out var t) ? t.GetString() : null);

        // Revoking the grant deletes the platform: its key stops working.
        using (var revoked = await gateway.Client.DeleteAsync(new Uri("/admin/v1/providers/acme/platforms/acme-web", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using var gone = await gateway.Anonymous.SendAsync(Operation(key, "download"));
        Assert.Equal(HttpStatusCode.Unauthorized, gone.StatusCode);
        using var again = await gateway.Client.DeleteAsync(new Uri("/admin/v1/providers/acme/platforms/acme-web", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }
}
