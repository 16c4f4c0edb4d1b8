using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Security;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Tests.Management.Batches;

/// <summary>SE batches over HTTP (docs/management/batches.md): the CRUD, every refusal, and nothing stored on refusal.</summary>
[Collection(GatewayCollection.Name)]
public sealed class BatchesApiTests(GatewayFixture gateway)
{
    private const string Path = "/admin/v1/batches";

    private static object Batch(string id, string from, string to, string masterKeyRef = "gp-test") => new
    {
        id,
        seIdFrom = from,
        seIdTo = to,
        masterKeyRef,
        derivation = "Emv",
        keyVersion = 1,
        chip = "SIM-SE-2",
        cms2acVersion = "1.0",
        javaCardVersion = "3.0.5",
        initialNonVolatile = 600000,
        initialVolatile = 12000,
        presetApplications = new[] { new { aid = "A000000333010101", memoryType = "ROM", state = "selectable" } },
        presetSecurityDomains = new[] { new { aid = "A000000151535300AA", memoryType = "EEPROM", state = "personalized" } },
    };

    private async Task<string> ListTextAsync() => await gateway.Client.GetStringAsync(Path);

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {text}");
        Assert.Contains(detail, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_is_added_read_replaced_and_deleted()
    {
        using (var added = await gateway.Client.PostAsJsonAsync(Path, Batch("crud", "9100000000000000A000", "9100000000000000AFFF")))
            await AssertProblemAsync(added, HttpStatusCode.Created, "\"crud\"");
        using var reader = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "batch-reader", [Roles.Tester]);
        var read = await reader.GetFromJsonAsync<JsonElement>($"{Path}/crud");
        Assert.Equal(("SIM-SE-2", "3.0.5", 600000L), (read.GetProperty("chip").GetString(), read.GetProperty("javaCardVersion").GetString(), read.GetProperty("initialNonVolatile").GetInt64()));
        var preset = read.GetProperty("presetApplications")[0];
        Assert.Equal(("Rom", "Selectable"), (preset.GetProperty("memoryType").GetString(), preset.GetProperty("state").GetString()));
        Assert.Equal("Personalized", read.GetProperty("presetSecurityDomains")[0].GetProperty("state").GetString());

        using (var replaced = await gateway.Client.PutAsJsonAsync($"{Path}/crud", Batch("crud", "9100000000000000A000", "9100000000000000BFFF")))
            await AssertProblemAsync(replaced, HttpStatusCode.OK, "9100000000000000BFFF");
        using (var deleted = await gateway.Client.DeleteAsync($"{Path}/crud"))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using (var gone = await gateway.Client.GetAsync($"{Path}/crud"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var audit = await gateway.Client.GetAsync("/admin/v1/audit?action=batches.replace&target=crud");
        Assert.Contains("9100000000000000BFFF", await audit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("touching", "9200000000000000A0FF", "9200000000000000A1FF", "'edge'")] // shares the last SEID
    [InlineData("inside", "9200000000000000A010", "9200000000000000A020", "'edge'")]
    [InlineData("around", "92000000000000009000", "9200000000000000FFFF", "'edge'")]
    [InlineData("demo-clash", "86000000000000000001", "86000000000000000001", "'demo'")] // the configured demo batch is stored too
    public async Task An_overlapping_range_is_refused_naming_the_other_batch(string id, string from, string to, string other)
    {
        using (var edge = await gateway.Client.PostAsJsonAsync(Path, Batch("edge", "9200000000000000A000", "9200000000000000A0FF")))
            Assert.True(edge.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict);
        var before = await ListTextAsync();
        using var response = await gateway.Client.PostAsJsonAsync(Path, Batch(id, from, to));
        await AssertProblemAsync(response, HttpStatusCode.Conflict, other);
        Assert.Equal(before, await ListTextAsync());
    }

    [Fact]
    public async Task Adjacent_ranges_and_ranges_of_another_length_are_no_overlap()
    {
        using (var first = await gateway.Client.PostAsJsonAsync(Path, Batch("adj-1", "9300000000000000A000", "9300000000000000A0FF")))
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using (var next = await gateway.Client.PostAsJsonAsync(Path, Batch("adj-2", "9300000000000000A100", "9300000000000000A1FF")))
            Assert.Equal(HttpStatusCode.Created, next.StatusCode);
        using (var longer = await gateway.Client.PostAsJsonAsync(Path, Batch("adj-3", "9300000000000000A00000", "9300000000000000A0FFFF")))
            Assert.Equal(HttpStatusCode.Created, longer.StatusCode);
    }

    [Theory]
    [InlineData("9400000000000000A0G0", "9400000000000000A0FF", "seIdFrom:")]
    [InlineData("9400000000000000A000", "9400000000000000A0F", "same length")]
    [InlineData("9400000000000000A0FF", "9400000000000000A000", "after")]
    public async Task Bad_ranges_are_a_400_and_store_nothing(string from, string to, string reason)
    {
        var before = await ListTextAsync();
        using var response = await gateway.Client.PostAsJsonAsync(Path, Batch("bad-range", from, to));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, reason);
        Assert.Equal(before, await ListTextAsync());
    }

    [Fact]
    public async Task Bad_fields_are_named()
    {
        const string body = """
            {"id": "bad fields", "seIdFrom": "9500", "seIdTo": "95FF", "masterKeyRef": "gp-test", "derivation": "Rot13",
             "presetApplications": [{"aid": "A0000003330101", "memoryType": "Tape"}]}
            """;
        using var response = await gateway.Client.PostAsync(Path, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        foreach (var field in new[] { "id:", "derivation:", "memoryType" })
            Assert.Contains(field, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_master_key_the_key_service_lacks_is_refused()
    {
        using var response = await gateway.Client.PostAsJsonAsync(Path, Batch("no-key", "9600000000000000A000", "9600000000000000AFFF", masterKeyRef: "never-imported"));
        await AssertProblemAsync(response, (HttpStatusCode)422, "never-imported");
        using var gone = await gateway.Client.GetAsync($"{Path}/no-key");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_batch_with_registered_ses_keeps_them_in_range_and_is_not_deleted()
    {
        using (var added = await gateway.Client.PostAsJsonAsync(Path, Batch("in-use", "9700000000000000A000", "9700000000000000AFFF")))
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        await gateway.Services.GetRequiredService<SeDirectory>().BindAsync("9700000000000000A800", "13700000001");
        using (var shrink = await gateway.Client.PutAsJsonAsync($"{Path}/in-use", Batch("in-use", "9700000000000000A000", "9700000000000000A7FF")))
            await AssertProblemAsync(shrink, HttpStatusCode.Conflict, "9700000000000000A800");
        using (var delete = await gateway.Client.DeleteAsync($"{Path}/in-use"))
            await AssertProblemAsync(delete, HttpStatusCode.Conflict, "registered SEs");
        Assert.Equal("9700000000000000AFFF", (await gateway.Client.GetFromJsonAsync<JsonElement>($"{Path}/in-use")).GetProperty("seIdTo").GetString());
    }

    [Fact]
    public async Task Roles_without_batches_manage_are_refused()
    {
        using var tester = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "batch-tester", [Roles.Tester]);
        using (var add = await tester.PostAsJsonAsync(Path, Batch("by-tester", "9800000000000000A000", "9800000000000000AFFF")))
            Assert.Equal(HttpStatusCode.Forbidden, add.StatusCode);
        using (var delete = await tester.DeleteAsync($"{Path}/demo"))
            Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        using var hall = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "batch-hall", [Roles.BusinessHall]);
        using (var list = await hall.GetAsync(Path))
            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        using (var gone = await gateway.Client.GetAsync($"{Path}/by-tester"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}
