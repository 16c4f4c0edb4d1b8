using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Tsm.Gateway.Audit;
using Tsm.Gateway.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Tsm.Gateway.Tests.Management.Providers;

/// <summary>Service providers over HTTP (requirements 5.6.1–5.6.6; docs/management/providers.md).</summary>
[Collection(ProvidersCollection.Name)]
public sealed class ProvidersApiTests(ProvidersFixture gateway)
{
    private static int s_next;

    private Task<HttpClient> OperatorAsync(string name) =>
        TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, name, [Roles.BusinessAdministrator]);

    private static object Registration(string email, string? mobile = null) => new
    {
        name = "Bank of Tests",
        type = "bank",
        businessRegistrationNumber = "91110000MA01",
        operatingLicenceNumber = "B0001",
        applicationTypes = new[] { "payment" },
        cooperationType = "joint",
        address = "1 Test Road",
        contactName = "Ops",
        contactMobile = mobile,
        contactEmail = email,
    };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private async Task<(string Id, string Email)> RegisterAsync(HttpClient registrant)
    {
        var email = $"ops{Interlocked.Increment(ref s_next)}-{Guid.NewGuid():N}@bank.example";
        using var response = await registrant.PostAsJsonAsync("/admin/v1/providers", Registration(email));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal("pending", body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("spid").ValueKind);
        return (body.GetProperty("id").GetString()!, email);
    }

    /// <summary>Registered by one operator, approved by another: answers the SPID and the e-mailed password.</summary>
    private async Task<(string Spid, string Password, string Email)> ApprovedAsync()
    {
        using var registrant = await OperatorAsync("reg-op");
        using var approver = await OperatorAsync("appr-op");
        var (id, email) = await RegisterAsync(registrant);
        using var approved = await approver.PostAsJsonAsync($"/admin/v1/providers/{id}/approve", new { });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var body = await JsonAsync(approved);
        return (body.GetProperty("provider").GetProperty("spid").GetString()!, ProviderNotices.PasswordFor(gateway.Pickup, email), email);
    }

    private async Task<HttpResponseMessage> SignInAsync(string name, string password) =>
        await gateway.Anonymous.PostAsJsonAsync("/admin/v1/session/login", new { userName = name, password });

    [Fact]
    public async Task Approval_issues_an_SPID_and_a_login_account_whose_password_goes_to_the_contact_only()
    {
        using var registrant = await OperatorAsync("reg-op");
        using var approver = await OperatorAsync("appr-op");
        var (id, email) = await RegisterAsync(registrant);
        using var approved = await approver.PostAsJsonAsync($"/admin/v1/providers/{id}/approve", new { });
        var text = await approved.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var body = JsonDocument.Parse(text).RootElement;
        var spid = body.GetProperty("provider").GetProperty("spid").GetString()!;
        Assert.Matches("^SP[0-9]{6}$", spid);
        Assert.Equal("approved", body.GetProperty("provider").GetProperty("status").GetString());
        Assert.Equal(spid, body.GetProperty("provider").GetProperty("account").GetString());
        Assert.Equal("written", body.GetProperty("notification").GetProperty("email").GetString());
        Assert.Equal("no-address", body.GetProperty("notification").GetProperty("sms").GetString());

        var password = ProviderNotices.PasswordFor(gateway.Pickup, email);
        Assert.Equal(16, password.Length);
        Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        var audit = await gateway.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { Limit = AuditQuery.MaxLimit, ActionPrefix = "providers." });
        Assert.Contains(audit, r => r.Action == "providers.approve" && r.Actor == "appr-op" && r.Target == spid && r.Outcome.StartsWith("ok", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, r => (r.Before + r.After + r.Target).Contains(password, StringComparison.Ordinal));

        // The provider signs in with it and sees its own record.
        using var signedIn = await SignInAsync(spid, password);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        using var provider = new HttpClient { BaseAddress = gateway.BaseAddress };
        provider.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await JsonAsync(signedIn)).GetProperty("accessToken").GetString());
        using var own = await provider.GetAsync(new Uri("/sp/v1/provider", UriKind.Relative));
        Assert.Equal(spid, (await JsonAsync(own)).GetProperty("spid").GetString());

        // Extended attributes are its to edit; a basic one is refused, naming it, and nothing changes.
        using var edited = await provider.PatchAsJsonAsync("/sp/v1/provider", new { address = "2 New Road", fax = "010-1234" });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("2 New Road", (await JsonAsync(edited)).GetProperty("address").GetString());
        using var basic = await provider.PatchAsJsonAsync("/sp/v1/provider", new { name = "Renamed", postcode = "100000" });
        Assert.Equal(HttpStatusCode.Forbidden, basic.StatusCode);
        Assert.Contains("name", (await JsonAsync(basic)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var after = await gateway.Client.GetAsync(new Uri($"/admin/v1/providers/{spid}", UriKind.Relative));
        var stored = await JsonAsync(after);
        Assert.Equal("Bank of Tests", stored.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("postcode").ValueKind);
        Assert.Equal("2 New Road", stored.GetProperty("address").GetString());

        // Provider staff are not operators.
        using var admin = await provider.GetAsync(new Uri("/admin/v1/providers", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);

        // The operator changes a basic attribute.
        using var renamed = await registrant.PatchAsJsonAsync($"/admin/v1/providers/{spid}", new { name = "Bank of Tests Ltd" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("Bank of Tests Ltd", (await JsonAsync(renamed)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_registrant_cannot_approve_and_a_decided_registration_is_not_decided_again()
    {
        using var registrant = await OperatorAsync("reg-op");
        using var approver = await OperatorAsync("appr-op");
        var (id, _) = await RegisterAsync(registrant);
        using var self = await registrant.PostAsJsonAsync($"/admin/v1/providers/{id}/approve", new { });
        Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        Assert.Equal("Approval by another account", (await JsonAsync(self)).GetProperty("title").GetString());
        using var selfReject = await registrant.PostAsJsonAsync($"/admin/v1/providers/{id}/reject", new { reason = "mine" });
        Assert.Equal(HttpStatusCode.Forbidden, selfReject.StatusCode);
        using var still = await approver.GetAsync(new Uri($"/admin/v1/providers/{id}", UriKind.Relative));
        Assert.Equal("pending", (await JsonAsync(still)).GetProperty("status").GetString());

        using (var ok = await approver.PostAsJsonAsync($"/admin/v1/providers/{id}/approve", new { }))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var twice = await approver.PostAsJsonAsync($"/admin/v1/providers/{id}/approve", new { });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        using var reject = await approver.PostAsJsonAsync($"/admin/v1/providers/{id}/reject", new { reason = "late" });
        Assert.Equal(HttpStatusCode.Conflict, reject.StatusCode);
        using var restore = await approver.PostAsJsonAsync($"/admin/v1/providers/{id}/restore", new { reason = "not blacklisted" });
        Assert.Equal(HttpStatusCode.Conflict, restore.StatusCode);
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_and_is_final()
    {
        using var registrant = await OperatorAsync("reg-op");
        using var approver = await OperatorAsync("appr-op");
        var (id, email) = await RegisterAsync(registrant);
        using var bare = await approver.PostAsJsonAsync($"/admin/v1/providers/{id}/reject", new { });
        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        using var rejected = await approver.PostAsJsonAsync($"/admin/v1/providers/{id}/reject", new { reason = "licence expired" });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var body = await JsonAsync(rejected);
        Assert.Equal("rejected", body.GetProperty("provider").GetProperty("status").GetString());
        Assert.Equal("licence expired", body.GetProperty("provider").GetProperty("reason").GetString());
        Assert.Contains(ProviderNotices.To(gateway.Pickup, email), m => m.Contains("licence expired", StringComparison.Ordinal));
        using var approve = await approver.PostAsJsonAsync($"/admin/v1/providers/{id}/approve", new { });
        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);

        using var list = await approver.GetAsync(new Uri("/admin/v1/providers?status=rejected&limit=200", UriKind.Relative));
        var page = await JsonAsync(list);
        Assert.Contains(page.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetString() == id);
        Assert.All(page.GetProperty("items").EnumerateArray(), p => Assert.Equal("rejected", p.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_blacklisted_provider_cannot_sign_in_until_restored_and_deregistration_disables_its_accounts()
    {
        var (spid, password, email) = await ApprovedAsync();
        using var approver = await OperatorAsync("appr-op");
        using var noReason = await approver.PostAsJsonAsync($"/admin/v1/providers/{spid}/blacklist", new { reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        using (var blacklisted = await approver.PostAsJsonAsync($"/admin/v1/providers/{spid}/blacklist", new { reason = "fraud" }))
            Assert.Equal(HttpStatusCode.OK, blacklisted.StatusCode);

        using var refused = await SignInAsync(spid, password);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("blacklisted", (await JsonAsync(refused)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var blacklist = await approver.GetAsync(new Uri("/admin/v1/providers?status=blacklisted", UriKind.Relative));
        Assert.Contains((await JsonAsync(blacklist)).GetProperty("items").EnumerateArray(), p => p.GetProperty("spid").GetString() == spid);

        using (var restored = await approver.PostAsJsonAsync($"/admin/v1/providers/{spid}/restore", new { reason = "cleared" }))
            Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        using (var again = await SignInAsync(spid, password))
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        using (var deregistered = await approver.PostAsJsonAsync($"/admin/v1/providers/{spid}/deregister", new { }))
            Assert.Equal(HttpStatusCode.OK, deregistered.StatusCode);
        using var closed = await SignInAsync(spid, password);
        Assert.Equal(HttpStatusCode.Unauthorized, closed.StatusCode);
        Assert.Contains(ProviderNotices.To(gateway.Pickup, email), m => m.Contains("deregistered", StringComparison.Ordinal));
        using var twice = await approver.PostAsJsonAsync($"/admin/v1/providers/{spid}/deregister", new { });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
    }

    [Fact]
    public async Task Each_route_takes_its_permission()
    {
        using var registration = await gateway.BusinessHall.PostAsJsonAsync("/admin/v1/providers", Registration("x@bank.example"));
        Assert.Equal(HttpStatusCode.Forbidden, registration.StatusCode);
        using var list = await gateway.BusinessHall.GetAsync(new Uri("/admin/v1/providers", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        using var tester = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "qa-tester-p", [Roles.Tester]);
        using var approve = await tester.PostAsJsonAsync("/admin/v1/providers/demo/blacklist", new { reason = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        using var platforms = await tester.PutAsJsonAsync("/admin/v1/providers/demo/platforms/p1", new { capabilities = new[] { "download" } });
        Assert.Equal(HttpStatusCode.Forbidden, platforms.StatusCode);
        using var profile = await gateway.BusinessHall.GetAsync(new Uri("/sp/v1/provider", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, profile.StatusCode);
        using var anonymous = await gateway.Anonymous.GetAsync(new Uri("/admin/v1/providers", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var unknown = await gateway.Client.GetAsync(new Uri("/admin/v1/providers/SP999999", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_refused_and_nothing_is_stored()
    {
        using var before = await gateway.Client.GetAsync(new Uri("/admin/v1/providers", UriKind.Relative));
        var total = (await JsonAsync(before)).GetProperty("total").GetInt32();
        foreach (var bad in new object[]
        {
            new { name = "x" },
            new { name = "Bank", type = "bank", businessRegistrationNumber = "1", operatingLicenceNumber = "2", applicationTypes = Array.Empty<string>(), cooperationType = "joint", contactEmail = "not-an-address" },
            new { name = "Bank\r\nBcc: x", type = "bank", businessRegistrationNumber = "1", operatingLicenceNumber = "2", applicationTypes = Array.Empty<string>(), cooperationType = "joint" },
            new { name = "Bank", type = "bank", businessRegistrationNumber = "1", operatingLicenceNumber = "2", applicationTypes = Array.Empty<string>(), cooperationType = "joint", contactMobile = "12ab" },
        })
        {
            using var response = await gateway.Client.PostAsJsonAsync("/admin/v1/providers", bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        using var notJson = await gateway.Client.PostAsync(new Uri("/admin/v1/providers", UriKind.Relative), new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        using var badStatus = await gateway.Client.GetAsync(new Uri("/admin/v1/providers?status=gone", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        using var badLimit = await gateway.Client.GetAsync(new Uri("/admin/v1/providers?limit=0", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        using var badEdit = await gateway.Client.PatchAsJsonAsync("/admin/v1/providers/demo", new { name = "", contactEmail = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, badEdit.StatusCode);
        using var after = await gateway.Client.GetAsync(new Uri("/admin/v1/providers", UriKind.Relative));
        Assert.Equal(total, (await JsonAsync(after)).GetProperty("total").GetInt32());
        using var demo = await gateway.Client.GetAsync(new Uri("/admin/v1/providers/demo", UriKind.Relative));
        Assert.Equal("demo", (await JsonAsync(demo)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_configured_demo_provider_is_approved_at_first_start()
    {
        using var demo = await gateway.Client.GetAsync(new Uri("/admin/v1/providers/demo", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, demo.StatusCode);
        var body = await JsonAsync(demo);
        Assert.Equal("approved", body.GetProperty("status").GetString());
        Assert.Equal("demo", body.GetProperty("spid").GetString());
        Assert.Equal("configuration", body.GetProperty("registeredBy").GetString());
    }
}
