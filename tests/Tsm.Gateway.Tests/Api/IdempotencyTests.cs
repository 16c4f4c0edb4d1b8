using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tsm.Gateway.Idempotency;
using Tsm.Gateway.Sms.Push;
using Tsm.Gateway.Tests.Ota;
using Tsm.Gateway.Tests.Storage;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Tests.Api;

/// <summary>
/// Retries that never duplicate (docs/idempotency.md): routes that create work take an Idempotency-Key; the same
/// request again gets the same answer and creates nothing, on every channel, and after its gateway died mid-request.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class IdempotencyTests(GatewayFixture gateway)
{
    private static int s_next;

    private static string NewSeId() => $"8600000000000000{Interlocked.Increment(ref s_next) + 0x7100:X4}";

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string json, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
            request.Headers.TryAddWithoutValidation(IdempotencyMiddleware.Header, key);
        return await http.SendAsync(request);
    }

    private static async Task<string> PropertyAsync(HttpResponseMessage response, string name)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty(name).GetString()!;
    }

    [Fact]
    public async Task A_retried_push_is_stored_once_and_answered_the_same()
    {
        using var phone = new Phone(gateway.BaseAddress, NewSeId(), "13900071001");
        await phone.LoginAsync();
        var order = $$"""{"seId":"{{phone.SeId}}","operation":"sync"}""";
        var key = Guid.NewGuid().ToString();

        using var first = await PostAsync(gateway.Client, "/admin/v1/pushes", order, key);
        using var retry = await PostAsync(gateway.Client, "/admin/v1/pushes", order, key);
        using var other = await PostAsync(gateway.Client, "/admin/v1/pushes", order, Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.False(first.Headers.Contains(IdempotencyMiddleware.ReplayedHeader));
        Assert.Equal("true", retry.Headers.GetValues(IdempotencyMiddleware.ReplayedHeader).Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.NotEqual(await PropertyAsync(first, "serial"), await PropertyAsync(other, "serial"));
    }

    [Fact]
    public async Task A_key_sent_with_another_request_is_422_and_a_malformed_key_is_400_and_creates_nothing()
    {
        using var phone = new Phone(gateway.BaseAddress, NewSeId(), "13900071002");
        await phone.LoginAsync();
        var key = Guid.NewGuid().ToString();
        using (var first = await PostAsync(gateway.Client, "/admin/v1/pushes", $$"""{"seId":"{{phone.SeId}}","operation":"sync"}""", key))
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        using (var changed = await PostAsync(gateway.Client, "/admin/v1/pushes", $$"""{"seId":"{{phone.SeId}}","operation":"download","applicationAid":"A000000333010101"}""", key))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.StatusCode);
            Assert.Equal("Idempotency key reused", await PropertyAsync(changed, "title"));
        }
        foreach (var bad in new[] { "has space", new string('k', 129), "" })
        {
            using var malformed = await PostAsync(gateway.Client, "/admin/v1/pushes", $$"""{"seId":"{{phone.SeId}}","operation":"sync"}""", bad);
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            Assert.Equal("Invalid idempotency key", await PropertyAsync(malformed, "title"));
        }
        // A client's mistake answered with a problem is kept too: the retry gets the same 400 and runs nothing.
        var badKey = Guid.NewGuid().ToString();
        using var invalid = await PostAsync(gateway.Client, "/admin/v1/pushes", """{"seId":"86","operation":"explode"}""", badKey);
        using var again = await PostAsync(gateway.Client, "/admin/v1/pushes", """{"seId":"86","operation":"explode"}""", badKey);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.True(again.Headers.Contains(IdempotencyMiddleware.ReplayedHeader));
    }

    [Fact]
    public async Task Retried_operations_start_one_task_on_the_platform_wallet_and_business_hall_channels()
    {
        using var phone = new Phone(gateway.BaseAddress, NewSeId(), "13900071003");
        await phone.LoginAsync();
        var key = Guid.NewGuid().ToString();
        using var platform1 = await PostAsync(gateway.Client, $"/admin/v1/ses/{phone.SeId}/operations", """{"operation":"sync"}""", key);
        using var platform2 = await PostAsync(gateway.Client, $"/admin/v1/ses/{phone.SeId}/operations", """{"operation":"sync"}""", key);
        Assert.Equal(HttpStatusCode.Accepted, platform1.StatusCode);
        Assert.Equal(await PropertyAsync(platform1, "taskId"), await PropertyAsync(platform2, "taskId"));
        using var unkeyed = await PostAsync(gateway.Client, $"/admin/v1/ses/{phone.SeId}/operations", """{"operation":"sync"}""", null);
        Assert.NotEqual(await PropertyAsync(platform1, "taskId"), await PropertyAsync(unkeyed, "taskId"));

        // The wallet's answer holds a session for its current login, so it is not replayed: the SE returns the task.
        var walletBody = $$"""{"seId":"{{phone.SeId}}","msisdn":"{{phone.Msisdn}}","operation":"sync"}""";
        var walletKey = Guid.NewGuid().ToString();
        using var wallet1 = await PostAsync(phone.Http, "/wallet/v1/operations", walletBody, walletKey);
        using var wallet2 = await PostAsync(phone.Http, "/wallet/v1/operations", walletBody, walletKey);
        Assert.Equal(HttpStatusCode.Accepted, wallet1.StatusCode);
        Assert.False(wallet2.Headers.Contains(IdempotencyMiddleware.ReplayedHeader));
        Assert.Equal(await PropertyAsync(wallet1, "taskId"), await PropertyAsync(wallet2, "taskId"));

        var hallKey = Guid.NewGuid().ToString();
        using var hall1 = await PostAsync(gateway.BusinessHall, "/admin/v1/business-hall/operations", walletBody, hallKey);
        using var hall2 = await PostAsync(gateway.BusinessHall, "/admin/v1/business-hall/operations", walletBody, hallKey);
        Assert.Equal(HttpStatusCode.Accepted, hall1.StatusCode);
        Assert.Equal(await PropertyAsync(hall1, "taskId"), await PropertyAsync(hall2, "taskId"));

        // The same key from another caller is another request.
        using var byHall = await PostAsync(gateway.BusinessHall, "/admin/v1/business-hall/operations", walletBody, key);
        Assert.Equal(HttpStatusCode.Accepted, byHall.StatusCode);
        Assert.NotEqual(await PropertyAsync(platform1, "taskId"), await PropertyAsync(byHall, "taskId"));
    }

    [Fact]
    public async Task A_request_still_running_under_the_key_is_409_with_retry_after()
    {
        var key = Guid.NewGuid().ToString();
        var body = $$"""{"seId":"{{NewSeId()}}","operation":"sync"}""";
        // The request as a gateway serving it right now holds it: the same caller, route, key and request.
        var caller = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "qa-operator")], "Identity.Application"));
        var id = IdempotentRequest.IdFor(caller, "POST", "/admin/v1/pushes", key);
        var held = new DefaultHttpContext();
        held.Request.Method = "POST";
        held.Request.Path = "/admin/v1/pushes";
        held.Request.ContentType = "application/json; charset=utf-8";
        held.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        var store = gateway.Services.GetRequiredService<IdempotencyStore>();
        Assert.Equal(IdempotencyVerdict.Run, (await store.BeginAsync(id, await RequestFingerprint.OfAsync(held.Request))).Verdict);

        using var retry = await PostAsync(gateway.Client, "/admin/v1/pushes", body, key);
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Equal("Request in progress", await PropertyAsync(retry, "title"));
        Assert.InRange(int.Parse(retry.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture), 1, 30);
    }

    [Fact]
    public async Task A_request_whose_gateway_died_runs_again_after_its_lease_and_makes_the_same_push()
    {
        using var database = new TempDatabase();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var running = new RunningGateway(database.Path) { Clock = clock };
        await running.StartAsync();
        using var phone = new Phone(running.BaseAddress, NewSeId(), "13900071004");
        await phone.LoginAsync();
        var store = running.Services.GetRequiredService<IdempotencyStore>();
        var pushes = running.Services.GetRequiredService<PushService>();
        var request = new PushRequest(phone.SeId, null, OperationKind.Sync, null, null, "platform", "K-" + Guid.NewGuid().ToString("N"));

        // The first gateway claims the key and stores the push, then dies before it can keep its answer.
        Assert.Equal(IdempotencyVerdict.Run, (await store.BeginAsync(request.RequestKey!, "F")).Verdict);
        var first = await pushes.CreateAsync(request);

        // Within the lease a retry is told to wait; the key with another request is a mismatch.
        var waiting = await store.BeginAsync(request.RequestKey!, "F");
        Assert.Equal(IdempotencyVerdict.InProgress, waiting.Verdict);
        Assert.True(waiting.RetryAfter > TimeSpan.Zero);
        Assert.Equal(IdempotencyVerdict.Mismatch, (await store.BeginAsync(request.RequestKey!, "G")).Verdict);

        // After it the retry runs the request again, and it stands for the same push: nothing is sent twice.
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(IdempotencyVerdict.Run, (await store.BeginAsync(request.RequestKey!, "F")).Verdict);
        var second = await pushes.CreateAsync(request);
        Assert.Equal(first.Serial, second.Serial);
        await store.CompleteAsync(request.RequestKey!, new StoredAnswer(202, "application/json", null, Encoding.UTF8.GetBytes("{}")));
        var answered = await store.BeginAsync(request.RequestKey!, "F");
        Assert.Equal(IdempotencyVerdict.Answered, answered.Verdict);
        Assert.Equal(202, answered.Answer!.Status);

        // After the retention the key is new again.
        clock.Advance(TimeSpan.FromHours(24));
        Assert.Equal(IdempotencyVerdict.Run, (await store.BeginAsync(request.RequestKey!, "G")).Verdict);
        Assert.NotEqual(first.Serial, (await pushes.CreateAsync(request)).Serial);
    }
}
