using System.Net;
using System.Text;
using Tsm.Protocol.Seram;
using Tsm.Protocol.Wallet;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>
/// GP SERAM 2.0.0 conformance points an independent local agent relies on (docs/wallet-protocol.md, "SERAM
/// conformance"), over real HTTP against the real gateway.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class SeramConformanceTests(GatewayFixture gateway) : IDisposable
{
    private const string DemoApp = "A000000333010101";
    private readonly HttpClient _http = new() { BaseAddress = gateway.BaseAddress };

    public void Dispose() => _http.Dispose();

    private static string WithoutErrorMsg(RemoteManagementReport report) =>
        SeramSerializer.Serialize(report with { LocalAgentStatus = report.LocalAgentStatus with { ErrorMsg = null } });

    private async Task<(Phone Phone, WalletOperationAccepted Accepted)> RegisteredPhoneWithTaskAsync(string seId, WalletOperation operation, string? aid)
    {
        var phone = new Phone(gateway.BaseAddress, seId, "13700000" + seId[^3..]);
        await phone.LoginAsync();
        return (phone, await phone.SubmitAsync(operation, aid));
    }

    [Fact]
    public async Task An_error_report_without_errorMsg_is_answered_and_the_task_fails_naming_the_status_when_the_SE_stays_away()
    {
        var (phone, accepted) = await RegisteredPhoneWithTaskAsync("8600000000000000C001", WalletOperation.Sync, null);
        using var _ = phone;
        var wire = new SeramWire(phone.Http, phone, accepted.SessionId, Phone.FastAgent with { PowerOnWhenNeeded = false });
        await wire.HandshakeAsync();
        var first = await wire.PostAsync(RemoteManagementReport.Polling());
        Assert.True(SeramWire.Starts(first));

        // The SE is removed before the first order runs: every report is UNAVAILABLE_SE, and this agent sends no errorMsg.
        phone.Card.PowerOff();
        var reports = new List<RemoteManagementReport>();
        var last = await wire.RunToStopAsync(first, report =>
        {
            reports.Add(report);
            return WithoutErrorMsg(report);
        });

        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.Equal(LocalAgentStatusKind.UnavailableSe, r.LocalAgentStatus.LocalAgentStatusEnum));
        // Each error report was answered 200 with another attempt, a bounded number of times, then the end.
        Assert.InRange(reports.Count, 2, 10);
        Assert.Contains(last, n => n.StartsWith("failed:", StringComparison.Ordinal) && n.Contains("UNAVAILABLE_SE", StringComparison.Ordinal));
        Assert.Equal(1, wire.StartCommands);
        var task = await phone.TaskAsync(accepted.TaskId);
        Assert.Equal(WalletTaskState.Failed, task.State);
        Assert.Contains("the local agent reported UNAVAILABLE_SE", task.Failure!.Reason, StringComparison.Ordinal);
        Assert.Null(task.Failure.StatusWord);
    }

    [Fact]
    public async Task An_agent_that_ends_its_session_after_an_error_report_resumes_the_task_in_the_next_session()
    {
        var (phone, accepted) = await RegisteredPhoneWithTaskAsync("8600000000000000C002", WalletOperation.Download, DemoApp);
        using var _ = phone;
        var wire = new SeramWire(phone.Http, phone, accepted.SessionId, Phone.FastAgent with { PowerOnWhenNeeded = false });
        await wire.HandshakeAsync();
        var order = await wire.PostAsync(RemoteManagementReport.Polling());
        // Orders run normally until one loads the application; the SE goes away in the middle of that one.
        while (!order.RamCommands!.Any(c => c.ListOfCapdu?.Count > 3))
            order = await wire.PostAsync(wire.Agent.Execute(order).Report);
        phone.Card.Faults.TearAtApdu = phone.Card.Faults.ApduCount + 3;
        var failed = wire.Agent.Execute(order).Report;
        Assert.Equal(LocalAgentStatusKind.UnavailableSe, failed.LocalAgentStatus.LocalAgentStatusEnum);
        var retry = await wire.PostAsync(WithoutErrorMsg(failed));
        Assert.False(retry.HasStop);
        Assert.Equal(WalletTaskState.Running, (await phone.TaskAsync(accepted.TaskId)).State);

        // The agent gives up on that session (it never runs the retry). Later the SE is back and the wallet runs the
        // session again: a new command exchange, started once, that finishes the task without loading twice.
        phone.Card.Faults.Clear();
        phone.Card.PowerOn();
        var again = await phone.RunSessionAsync(accepted.SessionId);
        Assert.True(again.IsCompleted, again.Detail);
        Assert.True(SeramWire.Starts(again.Orders[0]));
        Assert.Single(again.Orders, o => o.RamCommands!.Any(c => c.RamCommandType == RamCommandType.StartCommand));
        var task = await phone.TaskAsync(accepted.TaskId);
        Assert.True(task.State == WalletTaskState.Succeeded, task.Failure?.Reason);
        Assert.Single(phone.Card.Image.LoadFiles, f => f.Aid == "A0000003330101");
        Assert.Single(phone.Card.Image.Applications, a => a.Aid == DemoApp);
    }

    [Fact]
    public async Task An_empty_r_apdu_is_no_response_for_its_command_and_the_session_goes_on()
    {
        var (phone, accepted) = await RegisteredPhoneWithTaskAsync("8600000000000000C003", WalletOperation.Sync, null);
        using var _ = phone;
        var wire = new SeramWire(phone.Http, phone, accepted.SessionId);
        await wire.HandshakeAsync();
        var first = await wire.PostAsync(RemoteManagementReport.Polling());

        // The agent's SE access API did not give the SELECT's response (the spec's "response not available"): "".
        var report = wire.Agent.Execute(first).Report;
        var rapdus = report.RamResponses![0].ListOfRapdu;
        Assert.True(rapdus.Count > 1);
        var edited = report with { RamResponses = [RamResponse.SeRam(["", .. rapdus.Skip(1)])] };
        var next = await wire.PostAsync(edited); // 200, not a validation error
        var notAnswered = Assert.Single(next.RamCommands!, c => c.RamCommandType == RamCommandType.SeRamCommand).ListOfCapdu!;
        Assert.Equal(first.RamCommands!.Single(c => c.RamCommandType == RamCommandType.SeRamCommand).ListOfCapdu![0], notAnswered[0]); // SELECT again

        await wire.RunToStopAsync(next);
        Assert.Equal(WalletTaskState.Succeeded, (await phone.TaskAsync(accepted.TaskId)).State);
        Assert.Equal(1, wire.StartCommands);
    }

    [Theory]
    [InlineData("executedRamCommands")]
    [InlineData("executeRamCommands")]
    public async Task Both_other_spellings_of_the_executed_count_in_the_spec_are_accepted(string spelling)
    {
        var seId = spelling == "executedRamCommands" ? "8600000000000000C004" : "8600000000000000C005";
        var (phone, accepted) = await RegisteredPhoneWithTaskAsync(seId, WalletOperation.Sync, null);
        using var _ = phone;
        var wire = new SeramWire(phone.Http, phone, accepted.SessionId);
        await wire.HandshakeAsync();
        string Respell(RemoteManagementReport report) =>
            SeramSerializer.Serialize(report).Replace("\"executedSeRamCommands\"", $"\"{spelling}\"", StringComparison.Ordinal);

        var first = await wire.PostAsync(Respell(RemoteManagementReport.Polling()));
        Assert.True(SeramWire.Starts(first));
        await wire.RunToStopAsync(first, Respell);

        Assert.Equal(WalletTaskState.Succeeded, (await phone.TaskAsync(accepted.TaskId)).State);
    }

    [Fact]
    public async Task Two_spellings_of_the_executed_count_that_disagree_are_a_clear_400()
    {
        using var phone = new Phone(gateway.BaseAddress, "8600000000000000C006", "13800138006");
        var login = await phone.LoginOnlyAsync();
        using var response = await phone.Http.PostAsync(new Uri($"/gp/seram/remoteManagement?sessionId={Uri.EscapeDataString(login.SessionId!)}", UriKind.Relative),
            new StringContent("""{ "localAgentStatus": { "localAgentStatusEnum": "POLLING", "executedSeRamCommands": 0, "executedRamCommands": 2 } }""", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("disagree", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_handshake_over_http_chooses_HTTP_from_an_offer_of_either_and_refuses_an_offer_of_HTTPS_only()
    {
        var (phone, accepted) = await RegisteredPhoneWithTaskAsync("8600000000000000C007", WalletOperation.Sync, null);
        using var _ = phone;
        var wire = new SeramWire(phone.Http, phone, accepted.SessionId);
        var offer = wire.Agent.HandshakeRequest;
        Assert.Equal(["HTTP"], offer.SupportedTransportProtocols); // the simulated agent offers what its client uses

        Assert.Equal("HTTP", (await wire.HandshakeAsync(offer with { SupportedTransportProtocols = ["HTTPS", "HTTP"] })).ChosenTransportProtocol);
        Assert.Equal("HTTP", (await wire.HandshakeAsync(offer)).ChosenTransportProtocol);
        foreach (var httpsOnly in new[] { offer with { SupportedTransportProtocols = ["HTTPS"] }, offer with { SupportedTransportProtocols = null } })
        {
            using var refused = await phone.Http.PostAsync(new Uri(SeramConstants.PathFor(SeramConstants.HandshakePath, accepted.SessionId), UriKind.Relative),
                new StringContent(SeramSerializer.Serialize(httpsOnly), Encoding.UTF8, "application/json"));
            await Sp.HttpAssert.ProblemAsync(refused, HttpStatusCode.NotAcceptable);
            Assert.Contains("This connection is HTTP", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.True((await phone.RunSessionAsync(accepted.SessionId)).IsCompleted);
        Assert.Equal(WalletTaskState.Succeeded, (await phone.TaskAsync(accepted.TaskId)).State);
    }
}
