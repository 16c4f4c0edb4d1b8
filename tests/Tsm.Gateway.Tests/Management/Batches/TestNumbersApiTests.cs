using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tsm.Gateway.Security;

namespace Tsm.Gateway.Tests.Management.Batches;

/// <summary>Test numbers over HTTP: added with a note and who added it, listed by testers, removed; refusals store nothing.</summary>
[Collection(GatewayCollection.Name)]
public sealed class TestNumbersApiTests(GatewayFixture gateway)
{
    private const string Path = "/admin/v1/test-numbers";

    [Fact]
    public async Task A_test_number_is_added_listed_by_a_tester_and_removed()
    {
        using (var added = await gateway.Client.PostAsJsonAsync(Path, new { msisdn = "13912340001", note = "lab phone 1" }))
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        using (var again = await gateway.Client.PostAsJsonAsync(Path, new { msisdn = "13912340001" }))
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        using var tester = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "numbers-tester", [Roles.Tester]);
        var listed = (await tester.GetFromJsonAsync<JsonElement>(Path)).EnumerateArray().Single(n => n.GetProperty("msisdn").GetString() == "13912340001");
        Assert.Equal(("lab phone 1", "qa-operator"), (listed.GetProperty("note").GetString(), listed.GetProperty("addedBy").GetString()));
        using (var byTester = await tester.DeleteAsync($"{Path}/13912340001"))
            Assert.Equal(HttpStatusCode.Forbidden, byTester.StatusCode);

        using (var removed = await gateway.Client.DeleteAsync($"{Path}/13912340001"))
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using (var unknown = await gateway.Client.DeleteAsync($"{Path}/13912340001"))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.DoesNotContain("13912340001", await gateway.Client.GetStringAsync(Path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1391", "msisdn")]
    [InlineData("1391234000x", "msisdn")]
    [InlineData("+", "msisdn")]
    public async Task A_malformed_number_is_a_400_and_stores_nothing(string msisdn, string field)
    {
        var before = await gateway.Client.GetStringAsync(Path);
        using var response = await gateway.Client.PostAsJsonAsync(Path, new { msisdn });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await gateway.Client.GetStringAsync(Path));
    }
}
