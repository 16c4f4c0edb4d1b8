using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Audit;
using Tsm.Gateway.Security;
using Tsm.Gateway.ServiceProviders;

namespace Tsm.Gateway.Tests.Management.Providers;

/// <summary>
/// A provider's staff manage their own business platforms at <c>/sp/v1/portal/platforms</c> (requirement 5.7.1;
/// docs/management/providers.md, "Business platforms: the provider's own"): their own SPID only, capabilities within
/// the operator's grants, another provider's (or a shared) platform refused with 403, keys shown once and audited.
/// </summary>
[Collection(ProvidersCollection.Name)]
public sealed class PortalPlatformsTests(ProvidersFixture gateway)
{
    private const string Portal = "/sp/v1/portal/platforms";

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>A provider registered and approved by two operators, and its staff signed in with the e-mailed password.</summary>
    private async Task<(string Spid, HttpClient Staff)> ApprovedStaffAsync()
    {
        using var registrant = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "portal-reg", [Roles.BusinessAdministrator]);
        using var approver = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "portal-appr", [Roles.BusinessAdministrator]);
        var email = $"portal-{Guid.NewGuid():N}@bank.example";
        using var registered = await registrant.PostAsJsonAsync("/admin/v1/providers", new
        {
            name = "Portal Bank", type = "bank", businessRegistrationNumber = "91110000MA03", operatingLicenceNumber = "B0003",
            applicationTypes = new[] { "payment" }, cooperationType = "joint", contactEmail = email,
        });
        var id = (await JsonAsync(registered)).GetProperty("id").GetString();
        using var approved = await approver.PostAsJsonAsync($"/admin/v1/providers/{id}/approve", new { });
        var spid = (await JsonAsync(approved)).GetProperty("provider").GetProperty("spid").GetString()!;
        using var signedIn = await gateway.Anonymous.PostAsJsonAsync("/admin/v1/session/login", new { userName = spid, password = ProviderNotices.PasswordFor(gateway.Pickup, email) });
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var staff = new HttpClient { BaseAddress = gateway.BaseAddress };
        staff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await JsonAsync(signedIn)).GetProperty("accessToken").GetString());
        return (spid, staff);
    }

    private async Task<HttpStatusCode> AsPlatformAsync(string apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/sp/v1/downloads", UriKind.Relative));
        request.Headers.Add(SpAuthenticator.ApiKeyHeader, apiKey);
        using var response = await gateway.Anonymous.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Staff_manage_their_own_platforms_within_the_operators_grants_and_never_another_providers()
    {
        var (spid, staff) = await ApprovedStaffAsync();
        using var _ = staff;
        // The operator grants the provider a platform with two capabilities; another provider ("acme") has its own.
        using (var granted = await gateway.Client.PutAsJsonAsync($"/admin/v1/providers/{spid}/platforms/{spid}-ops", new { capabilities = new[] { "download", "delete" } }))
            Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        using (var others = await gateway.Client.PutAsJsonAsync("/admin/v1/providers/acme/platforms/acme-portal-test", new { capabilities = new[] { "download" } }))
            Assert.True(others.IsSuccessStatusCode);

        using (var list = await staff.GetAsync(new Uri(Portal, UriKind.Relative)))
        {
            var platforms = (await JsonAsync(list)).EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
            Assert.Equal([$"{spid}-ops"], platforms);
        }

        // A new platform: within the operator's grants only.
        var own = $"{spid}-web";
        using (var beyond = await staff.PutAsJsonAsync($"{Portal}/{own}", new { capabilities = new[] { "download", "personalize" } }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, beyond.StatusCode);
            Assert.Contains("personalize", (await JsonAsync(beyond)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        using (var bad = await staff.PutAsJsonAsync($"{Portal}/{own}", new { capabilities = new[] { "fly" } }))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using (var made = await staff.PutAsJsonAsync($"{Portal}/{own}", new { capabilities = new[] { "download" } }))
            Assert.Equal(HttpStatusCode.Created, made.StatusCode);

        // A key: shown once, works at /sp/v1, stored as its hash only, revoked.
        using var issued = await staff.PostAsync(new Uri($"{Portal}/{own}/api-keys", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var body = await JsonAsync(issued);
        var apiKey = body.GetProperty("apiKey").GetString()!;
        var hash = body.GetProperty("sha256").GetString()!;
        Assert.StartsWith("tsm_", apiKey, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await AsPlatformAsync(apiKey));
        using (var listed = await staff.GetAsync(new Uri(Portal, UriKind.Relative)))
        {
            var text = await listed.Content.ReadAsStringAsync();
            Assert.Contains(hash, text, StringComparison.Ordinal);
            Assert.DoesNotContain(apiKey, text, StringComparison.Ordinal);
        }
        using (var revoked = await staff.DeleteAsync(new Uri($"{Portal}/{own}/api-keys/{hash}", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await AsPlatformAsync(apiKey));

        // Another provider's platform: 403 for every change, nothing changed.
        using (var put = await staff.PutAsJsonAsync($"{Portal}/acme-portal-test", new { capabilities = new[] { "download" }, callbackUrl = "https://evil.example/hook", callbackSecret = "0123456789abcdef0123" }))
            Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        using (var key = await staff.PostAsync(new Uri($"{Portal}/acme-portal-test/api-keys", UriKind.Relative), null))
            Assert.Equal(HttpStatusCode.Forbidden, key.StatusCode);
        using (var take = await staff.DeleteAsync(new Uri($"{Portal}/acme-portal-test", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.Forbidden, take.StatusCode);
        using (var acme = await gateway.Client.GetAsync(new Uri("/admin/v1/providers/acme/platforms", UriKind.Relative)))
        {
            var text = await acme.Content.ReadAsStringAsync();
            Assert.Contains("acme-portal-test", text, StringComparison.Ordinal);
            Assert.DoesNotContain("evil.example", text, StringComparison.Ordinal);
            Assert.DoesNotContain(spid, text, StringComparison.Ordinal);
        }

        // A platform shared with another provider: its keys act for both, so they are the operator's.
        using (var shared = await gateway.Client.PutAsJsonAsync("/admin/v1/providers/acme/platforms/" + own, new { capabilities = new[] { "download" } }))
            Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        using (var sharedKey = await staff.PostAsync(new Uri($"{Portal}/{own}/api-keys", UriKind.Relative), null))
            Assert.Equal(HttpStatusCode.Forbidden, sharedKey.StatusCode);
        using (var listed = await staff.GetAsync(new Uri(Portal, UriKind.Relative)))
            Assert.DoesNotContain("acme", await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Taking its own grant back is still the provider's: the platform stays, acting for acme only.
        using (var taken = await staff.DeleteAsync(new Uri($"{Portal}/{own}", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.NoContent, taken.StatusCode);

        var audit = await gateway.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { Limit = AuditQuery.MaxLimit, ActionPrefix = "portal.platforms." });
        Assert.Contains(audit, r => r.Action == "portal.platforms.api-key.issue" && r.Actor == spid && r.Target == own);
        Assert.Contains(audit, r => r.Action == "portal.platforms.grant" && r.Actor == spid);
        Assert.DoesNotContain(audit, r => (r.Before + r.After + r.Target).Contains(apiKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Anonymous_callers_get_401_and_accounts_of_no_provider_403()
    {
        using (var anonymous = await gateway.Anonymous.GetAsync(new Uri(Portal, UriKind.Relative)))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using (var anonymousKey = await gateway.Anonymous.PostAsync(new Uri($"{Portal}/x/api-keys", UriKind.Relative), null))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymousKey.StatusCode);
        using var hall = await gateway.BusinessHall.GetAsync(new Uri(Portal, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, hall.StatusCode);
        using var operatorPut = await gateway.BusinessHall.PutAsJsonAsync($"{Portal}/x", new { capabilities = new[] { "download" } });
        Assert.Equal(HttpStatusCode.Forbidden, operatorPut.StatusCode);
    }
}
