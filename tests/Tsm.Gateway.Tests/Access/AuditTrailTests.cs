using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tsm.Gateway.Tests.Access;

/// <summary>Sign-ins, failed sign-ins, account changes and refused operator actions land on the audit log, with no secret in it.</summary>
[Collection(GatewayCollection.Name)]
public sealed class AuditTrailTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Sign_ins_account_changes_and_refused_actions_are_audited_without_secrets()
    {
        using (var failed = await gateway.Anonymous.PostAsJsonAsync("/admin/v1/session/login", new { userName = "qa-operator", password = "Wrong-password-999" }))
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        using (var created = await gateway.Client.PostAsJsonAsync("/admin/v1/accounts",
                   new { userName = "audited-cs", password = "Audited-password-123", roles = new[] { "customer-service" }, region = "440100" }))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var cs = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "audited-cs2", ["customer-service"], region: "440100");
        using (var refused = await cs.PostAsJsonAsync("/admin/v1/keys/import", new { }))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var rows = await gateway.Client.GetStringAsync(new Uri("/admin/v1/audit?limit=200", UriKind.Relative));
        using var json = JsonDocument.Parse(rows);
        var all = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement : json.RootElement.GetProperty("entries");
        var entries = all.EnumerateArray().Select(r => (Action: r.GetProperty("action").GetString(), Actor: r.GetProperty("actor").GetString(),
            Target: r.TryGetProperty("target", out var t) ? t.GetString() : null, Outcome: r.GetProperty("outcome").GetString())).ToList();
        Assert.Contains(entries, e => e.Action == "login-failed" && e.Target == "qa-operator" && e.Outcome!.StartsWith("refused", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Action == "login" && e.Actor == "audited-cs2");
        Assert.Contains(entries, e => e.Action == "accounts.create" && e.Actor == "qa-operator" && e.Target == "audited-cs");
        Assert.Contains(entries, e => e.Action == "POST /admin/v1/keys/import" && e.Actor == "audited-cs2" && e.Outcome == "refused:403");
        Assert.DoesNotContain("Wrong-password-999", rows, StringComparison.Ordinal);
        Assert.DoesNotContain("Audited-password-123", rows, StringComparison.Ordinal);

        using var verify = await gateway.Client.GetAsync(new Uri("/admin/v1/audit/verify", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        Assert.Contains("\"ok\":true", await verify.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
