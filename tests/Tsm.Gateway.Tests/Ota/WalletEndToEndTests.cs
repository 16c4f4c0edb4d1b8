using System.Net;
using System.Net.Http.Json;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Phone;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>Simulated phones against the real gateway over loopback HTTP: registration and the application life.</summary>
[Collection(GatewayCollection.Name)]
public sealed class WalletEndToEndTests(GatewayFixture gateway)
{
    private const string DemoApp = "A000000333010101";
    private static int s_next;

    private static string NewSeId() => $"8600000000000000{Interlocked.Increment(ref s_next) + 0x1000:X4}";

    [Fact]
    public async Task A_new_phone_registers_then_downloads_locks_unlocks_and_deletes()
    {
        using var phone = new Phone(gateway.BaseAddress, NewSeId(), "13800138000");
        var login = await phone.LoginAsync();
        Assert.False(login.QueryOnly);
        Assert.NotNull(login.SessionId);
        // Registration wrote MSISDN (2F14) and token + IMSI digest (1047) into the ISD by STORE DATA.
        var stored = phone.Card.Image.Applications[0].SecurityDomain!.StoredData;
        Assert.Equal("3108108300F0", stored["2F14"]); // 13800138000 in swapped-nibble BCD
        Assert.StartsWith("0110", stored["1047"], StringComparison.Ordinal);

        var again = await phone.LoginAsync();
        Assert.True(again.Registered);
        Assert.Contains(DemoApp, again.Applications.Download);

        var download = await phone.DoAsync(WalletOperation.Download, DemoApp);
        Assert.True(download.State == WalletTaskState.Succeeded, download.Failure?.Reason);
        Assert.Contains(phone.Card.Image.Applications, a => a.Aid == DemoApp);
        var afterDownload = await phone.LoginAsync();
        Assert.Contains(DemoApp, afterDownload.Applications.Lock);
        Assert.Contains(DemoApp, afterDownload.Applications.Delete);

        Assert.Equal(WalletTaskState.Succeeded, (await phone.DoAsync(WalletOperation.Lock, DemoApp)).State);
        Assert.Contains(DemoApp, (await phone.LoginAsync()).Applications.Unlock);

        // Unlocking is for the business hall only (requirement 5.8.4.3).
        var refused = await Assert.ThrowsAsync<WalletApiException>(() => phone.SubmitAsync(WalletOperation.Unlock, DemoApp));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        // Claiming the business-hall channel from the wallet does not make it one.
        var claimed = await Assert.ThrowsAsync<WalletApiException>(() => new WalletClient(phone.Http).SubmitOperationAsync(
            new WalletOperationRequest { Operation = WalletOperation.Unlock, ApplicationAid = DemoApp, Channel = WalletChannel.BusinessHall }));
        Assert.Equal(HttpStatusCode.Forbidden, claimed.Status);
        phone.BusinessHall = gateway.BusinessHall;
        Assert.Equal(WalletTaskState.Succeeded, (await phone.DoAsync(WalletOperation.Unlock, DemoApp, WalletChannel.BusinessHall)).State);

        Assert.Equal(WalletTaskState.Succeeded, (await phone.DoAsync(WalletOperation.Delete, DemoApp)).State);
        Assert.DoesNotContain(phone.Card.Image.Applications, a => a.Aid == DemoApp);
        Assert.Contains(DemoApp, (await phone.LoginAsync()).Applications.Download);
    }

    [Fact]
    public async Task The_registration_task_of_a_login_shows_as_register()
    {
        using var phone = new Phone(gateway.BaseAddress, NewSeId(), "13800138009");
        var login = await phone.LoginAsync();
        var task = await phone.TaskAsync(login.TaskId!);
        Assert.Equal((WalletOperation.Register, WalletTaskState.Succeeded, null), (task.Operation, task.State, task.ApplicationAid));
        using var raw = await phone.Http.GetAsync(new Uri(WalletPaths.Task(login.TaskId!), UriKind.Relative));
        Assert.Contains("\"operation\":\"register\"", await raw.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // It is the platform's to start: the wallet cannot ask for one.
        using var asked = await phone.Http.PostAsJsonAsync(new Uri(WalletPaths.Operations, UriKind.Relative),
            new { msisdn = phone.Msisdn, seId = phone.SeId, operation = "register" });
        Assert.Equal(HttpStatusCode.BadRequest, asked.StatusCode);
    }

    [Fact]
    public async Task Binding_rules_one_se_one_msisdn_and_query_only_for_another_number_in_service()
    {
        var seId = NewSeId();
        using var owner = new Phone(gateway.BaseAddress, seId, "13900000001");
        await owner.LoginAsync();
        using var other = new Phone(gateway.BaseAddress, seId, "13900000002", owner.Card);
        var login = await other.LoginAsync();
        Assert.True(login.QueryOnly);
        Assert.Empty(login.Applications.Download);
        // A query-only login gets no access token: the wallet may look, not act.
        Assert.Null(login.AccessToken);
        var refused = await Assert.ThrowsAsync<WalletApiException>(() => other.SubmitAsync(WalletOperation.Download, DemoApp));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        // One MSISDN may own several SEs.
        using var second = new Phone(gateway.BaseAddress, NewSeId(), "13900000001");
        Assert.False((await second.LoginAsync()).QueryOnly);
    }

    [Fact]
    public async Task Logging_in_again_before_the_registration_ran_returns_the_same_session()
    {
        using var phone = new Phone(gateway.BaseAddress, NewSeId(), "13700000002");
        var first = await phone.LoginOnlyAsync();
        var second = await phone.LoginOnlyAsync();
        Assert.NotNull(first.SessionId);
        Assert.Equal(first.TaskId, second.TaskId);
        Assert.True((await phone.RunSessionAsync(second.SessionId!)).IsCompleted);
        Assert.True((await phone.LoginAsync()).Registered);
    }

    [Fact]
    public async Task A_wrong_token_is_refused()
    {
        using var phone = new Phone(gateway.BaseAddress, NewSeId(), "13700000001");
        await phone.LoginAsync();
        var refused = await Assert.ThrowsAsync<WalletApiException>(() => phone.LoginAsync(token: "00112233445566778899AABBCCDDEEFF"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
    }

    [Fact]
    public async Task A_card_error_ends_the_task_with_its_status_word()
    {
        using var phone = new Phone(gateway.BaseAddress, NewSeId(), "13600000001");
        await phone.LoginAsync();
        phone.Card.Faults.ForceStatus(0xE8, 0x6581); // every LOAD fails with a memory failure
        var task = await phone.DoAsync(WalletOperation.Download, DemoApp);
        Assert.Equal(WalletTaskState.Failed, task.State);
        Assert.Equal("6581", task.Failure!.StatusWord);
    }

    [Fact]
    public async Task Bad_requests_get_problem_details()
    {
        using var response = await gateway.Anonymous.PostAsync(new Uri(WalletPaths.Login, UriKind.Relative), new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var unknown = await gateway.Anonymous.PostAsJsonAsync(new Uri(WalletPaths.Login, UriKind.Relative), new { msisdn = "1", seId = "0102", imsi = "1" });
        Assert.True(unknown.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound);
        // SERAM needs a wallet access token and a session issued to it.
        using var session = await gateway.Anonymous.PostAsync(new Uri("/gp/seram/remoteManagement?sessionId=nope", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, session.StatusCode);
    }
}
