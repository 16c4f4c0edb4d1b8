using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tsm.Gateway.Tests.Ota;

namespace Tsm.Gateway.Tests.Access;

/// <summary>
/// Region scope on a single SE (docs/security.md, "Regions"): a regional operator reads the tasks and transcripts, and
/// queues operations, only for SEs whose number is homed in its region; regional business-hall staff serve only
/// customers of their region. Another region's task is as unknown as one that never was.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RegionScopedTaskTests(GatewayFixture gateway)
{
    private static async Task<string> QueueSyncAsync(HttpClient client, string seId)
    {
        using var response = await client.PostAsJsonAsync(new Uri($"/admin/v1/ses/{seId}/operations", UriKind.Relative), new { operation = "sync" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("taskId").GetString()!;
    }

    [Fact]
    public async Task A_regional_operator_reaches_the_tasks_and_transcripts_of_its_region_only()
    {
        // 1380013… is homed in 440106 (天河区) and 1390010… in 110105 by the seeded number segments.
        using var guangzhou = new Phone(gateway.BaseAddress, "8600000000000000D501", "13800130501");
        await guangzhou.LoginAsync();
        using var beijing = new Phone(gateway.BaseAddress, "8600000000000000D502", "13900100502");
        await beijing.LoginAsync();
        var here = await QueueSyncAsync(gateway.Client, guangzhou.SeId);
        var there = await QueueSyncAsync(gateway.Client, beijing.SeId);
        using var tester = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "tester-tianhe", ["tester"], region: "440106");

        using (var own = await tester.GetAsync(new Uri($"/admin/v1/tasks/{here}", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using (var other = await tester.GetAsync(new Uri($"/admin/v1/tasks/{there}", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        using (var own = await tester.GetAsync(new Uri($"/admin/v1/tasks/{here}/transcript", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using (var other = await tester.GetAsync(new Uri($"/admin/v1/tasks/{there}/transcript", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);

        // Queuing work: in the region, yes; elsewhere, or on an SE bound to no number, 403.
        await QueueSyncAsync(tester, guangzhou.SeId);
        foreach (var seId in new[] { beijing.SeId, "8600000000000000D5FF" })
        {
            using var refused = await tester.PostAsJsonAsync(new Uri($"/admin/v1/ses/{seId}/operations", UriKind.Relative), new { operation = "sync" });
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("Outside your region", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
        }

        // The national operator reaches both.
        using (var national = await gateway.Client.GetAsync(new Uri($"/admin/v1/tasks/{there}", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.OK, national.StatusCode);
    }

    [Fact]
    public async Task Regional_business_hall_staff_serve_the_customers_of_their_region_only()
    {
        using var guangzhou = new Phone(gateway.BaseAddress, "8600000000000000D503", "13800130503");
        await guangzhou.LoginAsync();
        using var beijing = new Phone(gateway.BaseAddress, "8600000000000000D504", "13900100504");
        await beijing.LoginAsync();
        using var hall = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "hall-tianhe", ["business-hall"], region: "440106");

        using (var own = await hall.PostAsJsonAsync(new Uri("/admin/v1/business-hall/operations", UriKind.Relative),
                   new { seId = guangzhou.SeId, msisdn = guangzhou.Msisdn, operation = "sync" }))
            Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
        using var other = await hall.PostAsJsonAsync(new Uri("/admin/v1/business-hall/operations", UriKind.Relative),
            new { seId = beijing.SeId, msisdn = beijing.Msisdn, operation = "sync" });
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }
}
