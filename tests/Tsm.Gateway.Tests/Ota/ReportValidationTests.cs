using System.Net;
using System.Net.Http.Json;
using System.Text;
using Tsm.Protocol;
using Tsm.Protocol.Seram;
using Tsm.Protocol.Wallet;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>Reports that do not answer the order outstanding get a clear error and change nothing.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ReportValidationTests(GatewayFixture gateway)
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The phone logged in by hand: its client carries its access token.</summary>
    private HttpClient _wallet = null!;

    /// <summary>The task of the session logged in by hand.</summary>
    private string _task = null!;

    private async Task<RemoteManagementOrder> PostAsync(string sessionId, RemoteManagementReport report, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await _wallet.PostAsync(new Uri($"/gp/seram/remoteManagement?sessionId={sessionId}", UriKind.Relative), Json(SeramSerializer.Serialize(report)));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return expected == HttpStatusCode.OK ? SeramSerializer.ParseOrder(body) : new RemoteManagementOrder();
    }

    private static RemoteManagementReport Processed(IEnumerable<string> rapdus) => new()
    {
        LocalAgentStatus = new LocalAgentStatus { LocalAgentStatusEnum = LocalAgentStatusKind.Processed, ExecutedSeRamCommands = 1 },
        RamResponses = [RamResponse.SeRam(rapdus)],
    };

    /// <summary>Logs the phone in without running its session: the registration's session id, for reports made by hand.</summary>
    private async Task<string> LoginByHandAsync(Phone phone)
    {
        var login = await phone.LoginOnlyAsync(useCardToken: false);
        _wallet = phone.Http;
        _task = login.TaskId!;
        return login.SessionId!;
    }

    private static IReadOnlyList<string> Commands(RemoteManagementOrder order) =>
        order.RamCommands!.Single(c => c.RamCommandType == RamCommandType.SeRamCommand).ListOfCapdu!;

    [Fact]
    public async Task A_replayed_or_oversized_report_is_refused_and_the_session_goes_on()
    {
        using var phone = new Phone(gateway.BaseAddress, "8600000000000000A001", "13300000001");
        var session = await LoginByHandAsync(phone);

        // Order 1 from a polling report; run it on the card by hand.
        var order1 = await PostAsync(session, RemoteManagementReport.Polling());
        var commands1 = Commands(order1);
        var responses1 = commands1.Select(c => Hex.Format(phone.Card.Transmit(Hex.Parse(c)))).ToList();
        var order2 = await PostAsync(session, Processed(responses1));
        Assert.Contains(order2.RamCommands!, c => c.RamCommandType == RamCommandType.SeRamCommand);

        // The same report again: a replay.
        await PostAsync(session, Processed(responses1), HttpStatusCode.Conflict);
        // More R-APDUs than the order has C-APDUs.
        var commands2 = Commands(order2);
        await PostAsync(session, Processed(Enumerable.Repeat("9000", commands2.Count + 1)), HttpStatusCode.BadRequest);
        // Not a report at all.
        using (var bad = await _wallet.PostAsync(new Uri($"/gp/seram/remoteManagement?sessionId={session}", UriKind.Relative), Json("{\"localAgentStatus\":{}}")))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        // The real answers still complete the registration.
        var responses2 = commands2.Select(c => Hex.Format(phone.Card.Transmit(Hex.Parse(c)))).ToList();
        var last = await PostAsync(session, Processed(responses2));
        Assert.True(last.HasStop);
        var task = await new Tsm.Simulator.Phone.WalletClient(_wallet).GetTaskAsync(_task);
        Assert.Equal(WalletTaskState.Succeeded, task.State);
    }

    [Fact]
    public async Task A_registration_transcript_never_holds_the_login_token()
    {
        using var phone = new Phone(gateway.BaseAddress, "8600000000000000A0F1", "1330000091");
        var session = await LoginByHandAsync(phone);
        var order = await PostAsync(session, RemoteManagementReport.Polling());
        while (!order.HasStop)
            order = await PostAsync(session, Processed(Commands(order).Select(c => Hex.Format(phone.Card.Transmit(Hex.Parse(c))))));
        // The token the card now holds (GET DATA 1047 on the ISD) appears nowhere in the served transcript.
        var stored = Hex.Parse(Tsm.Simulator.Phone.WalletClient.ReadToken(phone.Card)!);
        var token = Hex.Format(RegistrationData.TokenOf(stored));
        Assert.True(token.Length >= 16, token.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var body = await gateway.Client.GetStringAsync(new Uri($"/admin/v1/tasks/{_task}/transcript", UriKind.Relative));
        Assert.DoesNotContain(token, body, StringComparison.OrdinalIgnoreCase);
        var transcript = System.Text.Json.JsonDocument.Parse(body).RootElement.EnumerateArray().ToList();
        var work = Tsm.Protocol.Scripts.CommandScript.Parse(Hex.Parse(transcript[1].GetProperty("commandScript").GetString()!)).Commands.ToList();
        var storeData = Assert.Single(work, c => c.Ins == 0xE2);
        Assert.All(storeData.Data.ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task Sync_reads_the_registry_into_the_platform()
    {
        using var phone = new Phone(gateway.BaseAddress, "8600000000000000A002", "13300000002");
        await phone.LoginAsync();
        var sync = await phone.DoAsync(WalletOperation.Sync, null);
        Assert.Equal(WalletTaskState.Succeeded, sync.State);

        // The session transcript holds each order and answer as TS 102 226 expanded scripts.
        var transcript = await gateway.Client.GetFromJsonAsync<List<System.Text.Json.JsonElement>>($"/admin/v1/tasks/{sync.TaskId}/transcript");
        Assert.NotNull(transcript);
        Assert.True(transcript.Count >= 2);
        var first = Tsm.Protocol.Scripts.CommandScript.Parse(Hex.Parse(transcript[0].GetProperty("commandScript").GetString()!));
        Assert.Equal(0xA4, first.Commands.First().Ins);
        var answer = Tsm.Protocol.Scripts.ResponseScript.Parse(Hex.Parse(transcript[0].GetProperty("responseScript").GetString()!));
        Assert.Equal(first.Commands.Count(), answer.ExecutedCommands);

        // Both the registration and the sync are in the operation records, newest first.
        var records = await gateway.Client.GetFromJsonAsync<List<System.Text.Json.JsonElement>>($"/admin/v1/operations?seId={phone.SeId}");
        Assert.NotNull(records);
        var operations = records.Select(r => r.GetProperty("operation").GetString()).ToList();
        Assert.Equal("sync", operations[0]);
        Assert.Contains("register", operations);
        Assert.All(records, r => Assert.Equal(phone.SeId, r.GetProperty("seId").GetString()));
        using var bad = await gateway.Client.GetAsync(new Uri("/admin/v1/operations?limit=0", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Sync_records_where_the_card_differs_from_the_platform()
    {
        using var phone = new Phone(gateway.BaseAddress, "8600000000000000A003", "13300000003");
        await phone.LoginAsync();
        Assert.Equal(WalletTaskState.Succeeded, (await phone.DoAsync(WalletOperation.Download, "A000000333010101")).State);
        // The application disappears from the SE behind the platform's back (as after a repair at a service point).
        phone.Card.Image.Applications.RemoveAll(a => a.Aid == "A000000333010101");
        phone.Card.Image.LoadFiles.RemoveAll(f => f.Aid == "A0000003330101");
        Assert.Equal(WalletTaskState.Succeeded, (await phone.DoAsync(WalletOperation.Sync, null)).State);
        var records = await gateway.Client.GetFromJsonAsync<List<System.Text.Json.JsonElement>>($"/admin/v1/operations?seId={phone.SeId}&limit=1");
        Assert.Equal("differences: A000000333010101: Useable -> Ready", records![0].GetProperty("detail").GetString());
        Assert.Contains("A000000333010101", (await phone.LoginAsync()).Applications.Download);
    }
}
