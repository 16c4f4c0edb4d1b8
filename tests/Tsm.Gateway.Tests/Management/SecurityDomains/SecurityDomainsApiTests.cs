using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Management;
using Tsm.Gateway.Security;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Tests.Management.SecurityDomains;

/// <summary>
/// Security-domain definitions over HTTP (docs/management/security-domains.md): apply, allocation, approval by another
/// account, what the owner sees, the edit rules once created on an SE, and every refusal with nothing stored.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class SecurityDomainsApiTests(GatewayFixture gateway)
{
    private const string Path = "/admin/v1/security-domains";

    private Task<HttpClient> ClientAsync(string name, string role, string? provider = null) =>
        TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, name, [role], provider: provider);

    private async Task<JsonElement> ApplyAsync(object body, HttpClient? client = null)
    {
        using var response = await (client ?? gateway.Client).PostAsJsonAsync(Path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> GetAsync(string aid)
    {
        using var response = await gateway.Client.GetAsync($"{Path}/{aid}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<long> CatalogueVersionAsync()
    {
        await using var connection = await gateway.Services.GetRequiredService<IPlatformDatabase>().OpenConnectionAsync();
        return await CatalogueChanges.ReadAsync(connection);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {text}");
        Assert.Contains(detail, text, StringComparison.Ordinal);
    }

    /// <summary>The platform's record of a successful SD creation on an SE, as the SE grain writes it at a task's end.</summary>
    private Task RecordCreationAsync(string aid) =>
        gateway.Services.GetRequiredService<OperationRecordStore>().AddAsync(new OperationRecord
        {
            Id = Guid.NewGuid(),
            At = DateTimeOffset.UtcNow,
            Actor = "platform:ops",
            Operation = "create-security-domain",
            SeId = "86000000000000FFF001",
            Msisdn = "13900001111",
            ApplicationAid = aid,
            Result = "succeeded",
        });

    [Fact]
    public async Task An_application_gets_the_next_aid_of_the_range_and_waits_for_another_accounts_approval()
    {
        var before = await CatalogueVersionAsync();
        var first = await ApplyAsync(new { owner = "bank", fixedSpace = 2048, keyUpdatePeriod = "90.00:00:00" });
        var second = await ApplyAsync(new { owner = "operator" });
        var aid = first.GetProperty("aid").GetString()!;
        Assert.StartsWith("A000000151535301", aid, StringComparison.Ordinal);
        Assert.True(string.CompareOrdinal(second.GetProperty("aid").GetString(), aid) > 0, "the second application gets a later AID");
        Assert.Equal("pending", first.GetProperty("state").GetString());
        Assert.Equal(2048, first.GetProperty("attributes").GetProperty("fixedSpace").GetInt64());
        Assert.Equal(before, await CatalogueVersionAsync()); // the engine never sees a pending definition

        // The applicant cannot approve its own application.
        using (var self = await gateway.Client.PostAsync($"{Path}/{aid}/approve", null))
            await AssertProblemAsync(self, HttpStatusCode.Forbidden, "another account");
        Assert.Equal("pending", (await GetAsync(aid)).GetProperty("state").GetString());

        using var approver = await ClientAsync("sd-approver", Roles.BusinessAdministrator);
        using (var approved = await approver.PostAsync($"{Path}/{aid}/approve", null))
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var view = await GetAsync(aid);
        Assert.Equal(("approved", "sd-approver", false), (view.GetProperty("state").GetString(), view.GetProperty("decidedBy").GetString(), view.GetProperty("createdOnSe").GetBoolean()));
        Assert.True(await CatalogueVersionAsync() > before, "an approval changes what the engine reads");

        using (var again = await approver.PostAsync($"{Path}/{aid}/approve", null))
            await AssertProblemAsync(again, HttpStatusCode.Conflict, "not pending");

        // The approval is on the audit log under its name.
        using var audit = await gateway.Client.GetAsync($"/admin/v1/audit?action=security-domains.approve&target={aid}");
        Assert.Contains("sd-approver", await audit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owner_sees_its_approved_definitions_and_no_other_providers()
    {
        var mine = (await ApplyAsync(new { owner = "seer-bank" })).GetProperty("aid").GetString()!;
        var pending = (await ApplyAsync(new { owner = "seer-bank" })).GetProperty("aid").GetString()!;
        var theirs = (await ApplyAsync(new { owner = "seer-other" })).GetProperty("aid").GetString()!;
        using var approver = await ClientAsync("sd-approver-2", Roles.BusinessAdministrator);
        foreach (var aid in new[] { mine, theirs })
        {
            using var approved = await approver.PostAsync($"{Path}/{aid}/approve", null);
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        using var staff = await ClientAsync("seer-bank-staff", Roles.ServiceProvider, provider: "seer-bank");
        var listed = await staff.GetFromJsonAsync<JsonElement>("/sp/v1/security-domains");
        Assert.Equal([mine], listed.EnumerateArray().Select(d => d.GetProperty("aid").GetString()));
        Assert.DoesNotContain(pending, listed.GetRawText(), StringComparison.Ordinal);

        // Provider staff never reach the operator's routes, and an operator without a provider is no provider.
        using (var admin = await staff.GetAsync(Path))
            Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
        using (var operatorView = await gateway.Client.GetAsync("/sp/v1/security-domains"))
            Assert.Equal(HttpStatusCode.Forbidden, operatorView.StatusCode);
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_and_is_final()
    {
        var aid = (await ApplyAsync(new { owner = "bank" })).GetProperty("aid").GetString()!;
        using var approver = await ClientAsync("sd-rejecter", Roles.BusinessAdministrator);
        using (var noReason = await approver.PostAsJsonAsync($"{Path}/{aid}/reject", new { reason = " " }))
            await AssertProblemAsync(noReason, HttpStatusCode.BadRequest, "reason");
        using (var rejected = await approver.PostAsJsonAsync($"{Path}/{aid}/reject", new { reason = "space too large for the batch" }))
            Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var view = await GetAsync(aid);
        Assert.Equal(("rejected", "space too large for the batch"), (view.GetProperty("state").GetString(), view.GetProperty("reason").GetString()));
        using (var approve = await approver.PostAsync($"{Path}/{aid}/approve", null))
            await AssertProblemAsync(approve, HttpStatusCode.Conflict, "rejected");
        using (var edit = await gateway.Client.PatchAsJsonAsync($"{Path}/{aid}", new { mode = 3 }))
            await AssertProblemAsync(edit, HttpStatusCode.Conflict, "rejected");
    }

    [Fact]
    public async Task Once_created_on_an_se_only_the_deletion_rule_and_key_update_period_change_and_it_is_not_deleted()
    {
        var aid = (await ApplyAsync(new { owner = "bank", keyVersion = 0x30 })).GetProperty("aid").GetString()!;
        using var approver = await ClientAsync("sd-approver-3", Roles.BusinessAdministrator);
        using (var approved = await approver.PostAsync($"{Path}/{aid}/approve", null))
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        using (var early = await gateway.Client.PatchAsJsonAsync($"{Path}/{aid}", new { keyVersion = 0x31 }))
            Assert.Equal(HttpStatusCode.OK, early.StatusCode); // not created yet: anything may change
        await RecordCreationAsync(aid);
        Assert.True((await GetAsync(aid)).GetProperty("createdOnSe").GetBoolean());

        var version = await CatalogueVersionAsync();
        using (var locked = await gateway.Client.PatchAsJsonAsync($"{Path}/{aid}", new { keyVersion = 0x32, keyUpdatePeriod = "30.00:00:00" }))
            await AssertProblemAsync(locked, HttpStatusCode.Conflict, "not keyVersion");
        var unchanged = (await GetAsync(aid)).GetProperty("attributes");
        Assert.Equal((0x31, JsonValueKind.Null), (unchanged.GetProperty("keyVersion").GetInt32(), unchanged.GetProperty("keyUpdatePeriod").ValueKind));
        Assert.Equal(version, await CatalogueVersionAsync());

        using (var allowed = await gateway.Client.PatchAsJsonAsync($"{Path}/{aid}", new { keyUpdatePeriod = "30.00:00:00", deleteWithLastApplication = true }))
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        var edited = (await GetAsync(aid)).GetProperty("attributes");
        Assert.Equal(("30.00:00:00", true), (edited.GetProperty("keyUpdatePeriod").GetString(), edited.GetProperty("deleteWithLastApplication").GetBoolean()));
        Assert.True(await CatalogueVersionAsync() > version, "an edit of an approved definition changes what the engine reads");

        using (var delete = await gateway.Client.DeleteAsync($"{Path}/{aid}"))
            await AssertProblemAsync(delete, HttpStatusCode.Conflict, "cannot be deleted");
        Assert.Equal("approved", (await GetAsync(aid)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_deleted_definitions_aid_is_never_given_again()
    {
        var aid = (await ApplyAsync(new { owner = "bank" })).GetProperty("aid").GetString()!;
        using (var delete = await gateway.Client.DeleteAsync($"{Path}/{aid}"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using (var gone = await gateway.Client.GetAsync($"{Path}/{aid}"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        var next = (await ApplyAsync(new { owner = "bank" })).GetProperty("aid").GetString()!;
        Assert.True(string.CompareOrdinal(next, aid) > 0, $"{next} after {aid}");
    }

    [Theory]
    [InlineData("{}", "owner")]
    [InlineData("{\"owner\": \"bank\", \"mode\": 7}", "mode")]
    [InlineData("{\"owner\": \"bank\", \"keyVersion\": 300}", "keyVersion")]
    [InlineData("{\"owner\": \"bank\", \"keyUpdatePeriod\": \"soon\"}", "keyUpdatePeriod")]
    [InlineData("{\"owner\": \"bank\", \"loadFileAid\": \"A00Z\"}", "loadFileAid")]
    [InlineData("{\"owner\": \"\"}", "owner")]
    public async Task Bad_attributes_are_a_400_naming_the_field_and_allocate_nothing(string body, string field)
    {
        var count = (await gateway.Client.GetFromJsonAsync<JsonElement>(Path)).GetArrayLength();
        using var response = await gateway.Client.PostAsync(Path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field + ":");
        Assert.Equal(count, (await gateway.Client.GetFromJsonAsync<JsonElement>(Path)).GetArrayLength());
    }

    [Fact]
    public async Task Roles_without_the_permissions_are_refused()
    {
        using var service = await ClientAsync("sd-customer-service", Roles.CustomerService);
        using (var apply = await service.PostAsJsonAsync(Path, new { owner = "bank" }))
            Assert.Equal(HttpStatusCode.Forbidden, apply.StatusCode);
        var aid = (await ApplyAsync(new { owner = "bank" })).GetProperty("aid").GetString()!;
        using var tester = await ClientAsync("sd-tester", Roles.Tester);
        using (var approve = await tester.PostAsync($"{Path}/{aid}/approve", null))
            Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        using (var delete = await tester.DeleteAsync($"{Path}/{aid}"))
            Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Equal("pending", (await GetAsync(aid)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_state_filter_lists_only_that_state_and_a_bad_one_is_a_400()
    {
        await ApplyAsync(new { owner = "filter-bank" });
        var pending = await gateway.Client.GetFromJsonAsync<JsonElement>($"{Path}?state=pending&owner=filter-bank");
        Assert.NotEqual(0, pending.GetArrayLength());
        Assert.All(pending.EnumerateArray(), d => Assert.Equal(("pending", "filter-bank"), (d.GetProperty("state").GetString(), d.GetProperty("owner").GetString())));
        Assert.Equal(0, (await gateway.Client.GetFromJsonAsync<JsonElement>($"{Path}?state=approved&owner=filter-bank")).GetArrayLength());
        using var bad = await gateway.Client.GetAsync($"{Path}?state=2");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
