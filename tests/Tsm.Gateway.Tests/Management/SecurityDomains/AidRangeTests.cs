using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tsm.Gateway.Management.SecurityDomains;
using Tsm.Gateway.Tests.Storage;

namespace Tsm.Gateway.Tests.Management.SecurityDomains;

/// <summary>
/// The operator's AID ranges (Management:SecurityDomainAids): validated at start, seeded definitions count as taken, an
/// exhausted range is refused clearly and stores nothing, and the seed never overwrites what operators changed.
/// </summary>
public sealed class AidRangeTests
{
    private const string Path = "/admin/v1/security-domains";
    private const string Seeded = "A0000001515354AA00";

    private static string[] Arguments() =>
    [
        "--Management:SecurityDomainAids:Ranges:0:From", "A0000001515354AA00",
        "--Management:SecurityDomainAids:Ranges:0:To", "A0000001515354AA01",
        "--Catalogue:SecurityDomains:0:Aid", Seeded, "--Catalogue:SecurityDomains:0:Owner", "bank",
        "--Catalogue:SecurityDomains:0:KeyUpdatePeriod", "90.00:00:00",
    ];

    [Fact]
    public async Task A_used_up_range_is_refused_clearly_and_the_seed_never_overwrites()
    {
        using var database = new TempDatabase();
        await using (var gateway = new RunningGateway(database.Path, Arguments()))
        {
            await gateway.StartAsync();
            var seeded = await gateway.Client.GetFromJsonAsync<JsonElement>($"{Path}/{Seeded}");
            Assert.Equal(("approved", "configuration"), (seeded.GetProperty("state").GetString(), seeded.GetProperty("appliedBy").GetString()));

            using (var next = await gateway.Client.PostAsJsonAsync(Path, new { owner = "bank" }))
            {
                Assert.Equal(HttpStatusCode.Created, next.StatusCode);
                Assert.Equal("A0000001515354AA01", (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("aid").GetString());
            }
            using (var exhausted = await gateway.Client.PostAsJsonAsync(Path, new { owner = "bank" }))
            {
                var text = await exhausted.Content.ReadAsStringAsync();
                Assert.True(exhausted.StatusCode == HttpStatusCode.Conflict, text);
                Assert.Contains("used up", text, StringComparison.Ordinal);
            }
            Assert.Equal(2, (await gateway.Client.GetFromJsonAsync<JsonElement>(Path)).GetArrayLength());

            using var edit = await gateway.Client.PatchAsJsonAsync($"{Path}/{Seeded}", new { keyUpdatePeriod = "30.00:00:00" });
            Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        }

        await using (var restarted = new RunningGateway(database.Path, Arguments()))
        {
            await restarted.StartAsync();
            var kept = await restarted.Client.GetFromJsonAsync<JsonElement>($"{Path}/{Seeded}");
            Assert.Equal("30.00:00:00", kept.GetProperty("attributes").GetProperty("keyUpdatePeriod").GetString());
        }
    }

    [Theory]
    [InlineData("A0000001515354AA00", "A0000001515354AA", "same length")]
    [InlineData("A0000001515354AAFF", "A0000001515354AA00", "after")]
    [InlineData("A00Z", "A0FF", "From:")]
    public void A_malformed_range_stops_the_start(string from, string to, string reason)
    {
        var options = new SecurityDomainAidOptions { Ranges = [new AidRangeOption { From = from, To = to }] };
        options.Parse(out var problems);
        Assert.Contains(reason, Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_ranges_stop_the_start()
    {
        var options = new SecurityDomainAidOptions
        {
            Ranges = [new AidRangeOption { From = "A0000001515354AA00", To = "A0000001515354AAFF" }, new AidRangeOption { From = "A0000001515354AAF0", To = "A0000001515354ABFF" }],
        };
        options.Parse(out var problems);
        Assert.Contains("overlaps", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_with_a_malformed_range_does_not_start()
    {
        using var database = new TempDatabase();
        var gateway = new RunningGateway(database.Path, "--Management:SecurityDomainAids:Ranges:0:To", "A0");
        var failure = await Assert.ThrowsAnyAsync<Exception>(gateway.StartAsync);
        Assert.Contains("Management:SecurityDomainAids:Ranges:0", failure.ToString(), StringComparison.Ordinal);
        try
        {
            await gateway.DisposeAsync();
        }
        catch (InvalidOperationException)
        {
            // The silo never ran, so it refuses to stop; nothing is left running.
        }
    }
}
