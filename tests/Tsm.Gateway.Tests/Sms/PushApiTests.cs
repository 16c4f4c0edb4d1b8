using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Tsm.Gateway.Tests.Ota;
using Tsm.Gateway.Tests.Storage;
using Tsm.Protocol.Wallet;

namespace Tsm.Gateway.Tests.Sms;

/// <summary>Wake-up pushes over real HTTP (requirement 5.8.5.2): stored, presented once by the wallet, refused otherwise.</summary>
[Collection(GatewayCollection.Name)]
public sealed class PushApiTests(GatewayFixture gateway)
{
    private const string DemoApp = "A000000333010101";
    private static int s_next;

    private static string NewSeId() => $"8600000000000000{Interlocked.Increment(ref s_next) + 0x5000:X4}";

    internal static async Task<string> CreatePushAsync(HttpClient http, object order)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/admin/v1/pushes", UriKind.Relative), order);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("pending", body.RootElement.GetProperty("state").GetString());
        return body.RootElement.GetProperty("serial").GetString()!;
    }

    [Fact]
    public async Task A_presented_serial_starts_its_task_once_and_the_download_runs()
    {
        using var phone = new Phone(gateway.BaseAddress, NewSeId(), "13900001111");
        await phone.LoginAsync();
        var serial = await CreatePushAsync(gateway.Client, new { seId = phone.SeId, operation = "download", applicationAid = DemoApp });
        Assert.Matches("^[0-9A-F]{20}$", serial);

        using var presented = await phone.Http.PostAsync(new Uri($"/wallet/v1/push/{serial}", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, presented.StatusCode);
        var accepted = (await presented.Content.ReadFromJsonAsync(WalletJsonContext.Default.WalletOperationAccepted))!;
        // Presenting again while the task waits returns the same task (the wallet may retry).
        using (var again = await phone.Http.PostAsync(new Uri($"/wallet/v1/push/{serial.ToLowerInvariant()}", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(accepted.TaskId, (await again.Content.ReadFromJsonAsync(WalletJsonContext.Default.WalletOperationAccepted))!.TaskId);
        }
        var session = await phone.RunSessionAsync(accepted.SessionId);
        Assert.True(session.IsCompleted, session.Detail);
        Assert.Equal(WalletTaskState.Succeeded, (await phone.TaskAsync(accepted.TaskId)).State);
        Assert.Contains(phone.Card.Image.Applications, a => a.Aid == DemoApp);

        // The task has ended: the serial is used.
        using var used = await phone.Http.PostAsync(new Uri($"/wallet/v1/push/{serial}", UriKind.Relative), null);
        await AssertProblem(used, HttpStatusCode.Gone, "Push serial already used");
        using var record = await gateway.Client.GetAsync(new Uri($"/admin/v1/pushes/{serial}", UriKind.Relative));
        using var json = JsonDocument.Parse(await record.Content.ReadAsStringAsync());
        Assert.Equal(phone.SeId, json.RootElement.GetProperty("seId").GetString());
        Assert.Equal("13900001111", json.RootElement.GetProperty("msisdn").GetString());
        Assert.NotEqual(JsonValueKind.Null, json.RootElement.GetProperty("usedAt").ValueKind);
    }

    [Fact]
    public async Task Unknown_and_malformed_serials_and_bad_orders_get_problem_details()
    {
        using var phone = new Phone(gateway.BaseAddress, NewSeId(), "13900002223");
        await phone.LoginAsync();
        using (var unknown = await phone.Http.PostAsync(new Uri("/wallet/v1/push/00000000000000000000", UriKind.Relative), null))
            await AssertProblem(unknown, HttpStatusCode.NotFound, "Unknown push serial");
        using (var malformed = await phone.Http.PostAsync(new Uri("/wallet/v1/push/XYZ", UriKind.Relative), null))
            await AssertProblem(malformed, HttpStatusCode.BadRequest, "Malformed push serial");
        using (var badOrder = await gateway.Client.PostAsJsonAsync(new Uri("/admin/v1/pushes", UriKind.Relative), new { seId = "86", operation = "explode" }))
            await AssertProblem(badOrder, HttpStatusCode.BadRequest, "Invalid request");
        using (var noApp = await gateway.Client.PostAsJsonAsync(new Uri("/admin/v1/pushes", UriKind.Relative), new { seId = NewSeId(), operation = "download" }))
            await AssertProblem(noApp, HttpStatusCode.BadRequest, "Invalid request");
        // An SE nobody registered has no number to send to.
        using (var unbound = await gateway.Client.PostAsJsonAsync(new Uri("/admin/v1/pushes", UriKind.Relative), new { seId = NewSeId(), operation = "sync" }))
            await AssertProblem(unbound, HttpStatusCode.Conflict, "SE not registered");
    }

    [Fact]
    public async Task An_expired_serial_is_refused_and_starts_nothing()
    {
        using var database = new TempDatabase();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var short_ = new RunningGateway(database.Path, "--Sms:Push:Validity", "01:00:00") { Clock = clock };
        await short_.StartAsync();
        using var phone = new Phone(short_.BaseAddress, NewSeId(), "13900002222");
        await phone.LoginAsync();
        var serial = await CreatePushAsync(short_.Client, new { seId = phone.SeId, msisdn = "13900002222", operation = "sync" });
        clock.Advance(TimeSpan.FromHours(1));
        await phone.LoginOnlyAsync(); // the access token expired with the hour too
        using var expired = await phone.Http.PostAsync(new Uri($"/wallet/v1/push/{serial}", UriKind.Relative), null);
        await AssertProblem(expired, HttpStatusCode.Gone, "Push serial expired");
        using var queue = await phone.Http.GetAsync(new Uri($"/wallet/v1/ses/{phone.SeId}/tasks", UriKind.Relative));
        Assert.Equal("[]", (await queue.Content.ReadAsStringAsync()).Replace(" ", "", StringComparison.Ordinal));
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string title)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(title, problem.RootElement.GetProperty("title").GetString());
    }
}
