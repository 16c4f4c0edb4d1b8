using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.ServiceProviders;
using Tsm.Gateway.Tests.Ota;

namespace Tsm.Gateway.Tests.Sp;

/// <summary>The service-provider API (requirement 5.7.1) over real HTTP, with simulated phones driving the tasks it queues.</summary>
[Collection(SpGatewayCollection.Name)]
public sealed class SpApiTests(SpGatewayFixture gateway)
{
    private static readonly TimeSpan CallbackWait = TimeSpan.FromSeconds(20);

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, object? body = null) =>
        gateway.Client.SendAsync(SpSetup.Request(method, path, key, body));

    private Task<HttpResponseMessage> OperateAsync(string seId, string operation, string aid, string key = SpSetup.BankKey, string? provider = null) =>
        SendAsync(HttpMethod.Post, SpPaths.Operations(seId), key, new { operation, applicationAid = aid, serviceProvider = provider });

    private async Task<Phone> RegisteredPhoneAsync()
    {
        var phone = new Phone(gateway.BaseAddress, SpSetup.NewSeId(), "13911112222");
        await phone.LoginAsync();
        return phone;
    }

    /// <summary>The user's wallet at work: it logs in again and again, running each session it is given, until <paramref name="until"/> completes.</summary>
    private static async Task DriveAsync(Phone phone, Task until)
    {
        while (!until.IsCompleted)
        {
            var login = await phone.LoginAsync();
            if (login.SessionId is null)
                await Task.WhenAny(until, Task.Delay(50));
        }
    }

    private static async Task<SpTaskStatus> StatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize(text, SpJsonContext.Default.SpTaskStatus)!;
    }

    /// <summary>Queues an operation and lets the phone run it within the synchronous wait: 200 with the outcome.</summary>
    private async Task<SpTaskStatus> DoAsync(Phone phone, string operation, string aid)
    {
        var request = OperateAsync(phone.SeId, operation, aid);
        await DriveAsync(phone, request);
        using var response = await request;
        return await StatusAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_operator_lists_callbacks_by_state_and_refuses_to_resend_what_is_not_failed()
    {
        using var bad = await gateway.Client.GetAsync(new Uri("/admin/v1/sp-callbacks?state=lost", UriKind.Relative));
        await HttpAssert.ProblemAsync(bad, HttpStatusCode.BadRequest);
        using var list = await gateway.Client.GetAsync(new Uri("/admin/v1/sp-callbacks?state=failed", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.ValueKind);
        using var unknown = await gateway.Client.PostAsync(new Uri("/admin/v1/sp-callbacks/none/retry", UriKind.Relative), null);
        await HttpAssert.ProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Requests_without_a_valid_key_are_refused_with_401()
    {
        var seId = SpSetup.NewSeId();
        using var missing = await OperateAsync(seId, "download", SpSetup.DemoApp, key: null!);
        await HttpAssert.ProblemAsync(missing, HttpStatusCode.Unauthorized);
        Assert.Contains(SpAuthenticator.ApiKeyHeader, missing.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        using var wrong = await OperateAsync(seId, "download", SpSetup.DemoApp, key: "not-a-key-of-anyone");
        await HttpAssert.ProblemAsync(wrong, HttpStatusCode.Unauthorized);
        Assert.DoesNotContain("not-a-key-of-anyone", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var poll = await SendAsync(HttpMethod.Get, SpPaths.Task(seId + ".x"), "");
        await HttpAssert.ProblemAsync(poll, HttpStatusCode.Unauthorized);
        using var activation = await SendAsync(HttpMethod.Post, SpPaths.Activation(seId, SpSetup.ActivatedApp), SpSetup.BankKey + "x");
        await HttpAssert.ProblemAsync(activation, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_capability_not_granted_or_another_providers_application_is_refused_with_403()
    {
        using var phone = await RegisteredPhoneAsync();
        // "limited" may download for "demo", nothing else.
        using var locking = await OperateAsync(phone.SeId, "lock", SpSetup.DemoApp, SpSetup.LimitedKey);
        await HttpAssert.ProblemAsync(locking, HttpStatusCode.Forbidden);
        using var activating = await SendAsync(HttpMethod.Post, SpPaths.Activation(phone.SeId, SpSetup.ActivatedApp), SpSetup.LimitedKey);
        await HttpAssert.ProblemAsync(activating, HttpStatusCode.Forbidden);
        // "bank" acts for "demo": not for "other", nor on "other"'s application.
        using var otherApp = await OperateAsync(phone.SeId, "download", SpSetup.OtherApp);
        await HttpAssert.ProblemAsync(otherApp, HttpStatusCode.Forbidden);
        using var otherProvider = await OperateAsync(phone.SeId, "download", SpSetup.OtherApp, provider: "other");
        await HttpAssert.ProblemAsync(otherProvider, HttpStatusCode.Forbidden);
        using var byOther = await OperateAsync(phone.SeId, "download", SpSetup.DemoApp, SpSetup.OtherKey);
        await HttpAssert.ProblemAsync(byOther, HttpStatusCode.Forbidden);
        using var queue = await phone.Http.GetAsync(new Uri($"/wallet/v1/ses/{phone.SeId}/tasks", UriKind.Relative));
        Assert.Equal("[]", await queue.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_application_the_user_does_not_have_is_refused_and_an_unknown_se_is_404()
    {
        using var phone = await RegisteredPhoneAsync();
        foreach (var operation in new[] { "lock", "unlock", "delete", "unsubscribe" })
        {
            using var refused = await OperateAsync(phone.SeId, operation, SpSetup.DemoApp);
            await HttpAssert.ProblemAsync(refused, HttpStatusCode.Forbidden);
        }
        using var activation = await SendAsync(HttpMethod.Post, SpPaths.Activation(phone.SeId, SpSetup.ActivatedApp), SpSetup.BankKey);
        await HttpAssert.ProblemAsync(activation, HttpStatusCode.Forbidden);
        using var unknown = await OperateAsync("99000000000000000001", "download", SpSetup.DemoApp);
        await HttpAssert.ProblemAsync(unknown, HttpStatusCode.NotFound);
        // An SE of a batch that no user registered yet: nothing to download to.
        using var unregistered = await OperateAsync(SpSetup.NewSeId(), "download", SpSetup.DemoApp);
        await HttpAssert.ProblemAsync(unregistered, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Bad_input_is_400_and_changes_nothing()
    {
        using var phone = await RegisteredPhoneAsync();
        using var notJson = await gateway.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(SpPaths.Operations(phone.SeId), UriKind.Relative))
        {
            Headers = { { SpAuthenticator.ApiKeyHeader, SpSetup.BankKey } },
            Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"),
        });
        await HttpAssert.ProblemAsync(notJson, HttpStatusCode.BadRequest);
        using var noOperation = await SendAsync(HttpMethod.Post, SpPaths.Operations(phone.SeId), SpSetup.BankKey, new { applicationAid = SpSetup.DemoApp });
        await HttpAssert.ProblemAsync(noOperation, HttpStatusCode.BadRequest);
        using var unknownOperation = await OperateAsync(phone.SeId, "format-the-card", SpSetup.DemoApp);
        await HttpAssert.ProblemAsync(unknownOperation, HttpStatusCode.BadRequest);
        using var badAid = await OperateAsync(phone.SeId, "download", "XYZ");
        await HttpAssert.ProblemAsync(badAid, HttpStatusCode.BadRequest);
        using var badSe = await OperateAsync("not-hex", "download", SpSetup.DemoApp);
        await HttpAssert.ProblemAsync(badSe, HttpStatusCode.BadRequest);
        using var badTask = await SendAsync(HttpMethod.Get, SpPaths.Task("no-dot"), SpSetup.BankKey);
        await HttpAssert.ProblemAsync(badTask, HttpStatusCode.NotFound);
        using var queue = await phone.Http.GetAsync(new Uri($"/wallet/v1/ses/{phone.SeId}/tasks", UriKind.Relative));
        Assert.Equal("[]", await queue.Content.ReadAsStringAsync());
        Assert.Contains(SpSetup.DemoApp, (await phone.LoginAsync()).Applications.Download);
    }

    [Fact]
    public async Task A_download_the_phone_runs_within_the_wait_answers_200_and_calls_back_signed_after_a_retry()
    {
        using var phone = await RegisteredPhoneAsync();
        var status = await DoAsync(phone, "download", SpSetup.DemoApp);
        Assert.Equal("succeeded", status.State);
        Assert.Equal("download", status.Operation);
        Assert.Equal("demo", status.ServiceProvider);
        Assert.StartsWith(phone.SeId + ".", status.TaskId, StringComparison.Ordinal);
        Assert.Contains(phone.Card.Image.Applications, a => a.Aid == SpSetup.DemoApp);

        // The receiver refuses the first POST of every event with 500: the outbox sends it again.
        var callback = await gateway.Receiver.AcknowledgedAsync(status.TaskId, CallbackWait);
        Assert.Equal(2, callback.Attempt);
        Assert.True(CallbackReceiver.SignatureValid(callback), callback.Signature);
        var sent = JsonSerializer.Deserialize(callback.Body, SpJsonContext.Default.SpTaskEvent)!;
        Assert.Equal(status.TaskId, sent.EventId);
        Assert.Equal("bank", sent.Platform);
        Assert.Equal("succeeded", sent.Task.State);
        Assert.DoesNotContain(SpSetup.CallbackSecret, callback.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_download_while_the_phone_is_away_answers_202_and_is_polled_by_its_provider_only()
    {
        using var phone = await RegisteredPhoneAsync();
        using var accepted = await OperateAsync(phone.SeId, "download", SpSetup.DemoApp);
        var queued = await StatusAsync(accepted, HttpStatusCode.Accepted);
        Assert.Equal("queued", queued.State);
        Assert.Equal(SpPaths.Task(queued.TaskId), accepted.Headers.Location?.OriginalString);

        using var polled = await SendAsync(HttpMethod.Get, accepted.Headers.Location!.OriginalString, SpSetup.BankKey);
        Assert.Equal("queued", (await StatusAsync(polled, HttpStatusCode.OK)).State);
        using var foreign = await SendAsync(HttpMethod.Get, accepted.Headers.Location!.OriginalString, SpSetup.OtherKey);
        await HttpAssert.ProblemAsync(foreign, HttpStatusCode.NotFound);

        // The user opens the wallet: the login hands it the queued task's session.
        var login = await phone.LoginAsync();
        Assert.NotNull(login.SessionId);
        using var done = await SendAsync(HttpMethod.Get, accepted.Headers.Location!.OriginalString, SpSetup.BankKey);
        Assert.Equal("succeeded", (await StatusAsync(done, HttpStatusCode.OK)).State);
        // Still the provider's only after the end (the task grain's own record).
        using var foreignAfter = await SendAsync(HttpMethod.Get, accepted.Headers.Location!.OriginalString, SpSetup.OtherKey);
        await HttpAssert.ProblemAsync(foreignAfter, HttpStatusCode.NotFound);
        Assert.True(CallbackReceiver.SignatureValid(await gateway.Receiver.AcknowledgedAsync(queued.TaskId, CallbackWait)));
    }

    [Fact]
    public async Task An_activation_notice_makes_the_personalized_application_useable()
    {
        using var phone = await RegisteredPhoneAsync();
        Assert.Equal("succeeded", (await DoAsync(phone, "download", SpSetup.ActivatedApp)).State);
        var before = await phone.LoginAsync();
        Assert.DoesNotContain(SpSetup.ActivatedApp, before.Applications.Lock); // Personalized: not yet usable

        using var activated = await SendAsync(HttpMethod.Post, SpPaths.Activation(phone.SeId, SpSetup.ActivatedApp), SpSetup.BankKey, new { serviceProvider = "demo" });
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        var state = await activated.Content.ReadFromJsonAsync(SpJsonContext.Default.SpApplicationStatus);
        Assert.Equal("useable", state!.State);
        Assert.Contains(SpSetup.ActivatedApp, (await phone.LoginAsync()).Applications.Lock);
        // The same notice again changes nothing (no body: the platform's only provider).
        using var again = await SendAsync(HttpMethod.Post, SpPaths.Activation(phone.SeId, SpSetup.ActivatedApp), SpSetup.BankKey);
        Assert.Equal("useable", (await again.Content.ReadFromJsonAsync(SpJsonContext.Default.SpApplicationStatus))!.State);
    }

    [Fact]
    public async Task Lock_unlock_and_unsubscribe_run_as_provider_tasks()
    {
        using var phone = await RegisteredPhoneAsync();
        Assert.Equal("succeeded", (await DoAsync(phone, "download", SpSetup.DemoApp)).State);
        Assert.Equal("succeeded", (await DoAsync(phone, "lock", SpSetup.DemoApp)).State);
        Assert.Contains(SpSetup.DemoApp, (await phone.LoginAsync()).Applications.Unlock);
        // Unlike the wallet, the provider may unlock (requirement 5.7.1 lists it among the platform's capabilities).
        Assert.Equal("succeeded", (await DoAsync(phone, "unlock", SpSetup.DemoApp)).State);

        var unsubscribed = await DoAsync(phone, "unsubscribe", SpSetup.DemoApp);
        Assert.Equal("delete", unsubscribed.Operation);
        Assert.Equal("succeeded", unsubscribed.State);
        Assert.DoesNotContain(phone.Card.Image.Applications, a => a.Aid == SpSetup.DemoApp);
        Assert.Contains(SpSetup.DemoApp, (await phone.LoginAsync()).Applications.Download);
    }

    [Fact]
    public async Task OpenApi_lists_every_service_provider_route()
    {
        var routes = gateway.Services.GetServices<EndpointDataSource>()
            .SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!.TrimEnd('/'))
            .Where(p => p.StartsWith(SpPaths.Base, StringComparison.Ordinal))
            .ToList();
        // 3 operation routes, 4 provider queries (docs/management/statistics.md), the provider staff's own record (GET,
        // PATCH), its security domains and its applications (upload, list, one), the delegated-management interface
        // (tokens, token checks, receipt checks), DAP signatures (docs/dap-and-tokens.md) and the provider staff's own
        // business platforms (list, create or change, delete, issue and revoke keys: docs/management/providers.md).
        Assert.Equal(22, routes.Count);
        using var document = JsonDocument.Parse(await gateway.Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths");
        foreach (var route in routes)
            Assert.True(paths.TryGetProperty(route, out _), $"{route} is not in the OpenAPI document");
        var submit = paths.GetProperty(SpPaths.Base + SpPaths.OperationsTemplate).GetProperty("post");
        Assert.True(submit.TryGetProperty("requestBody", out _));
        Assert.True(submit.GetProperty("responses").TryGetProperty("202", out _));
    }
}
