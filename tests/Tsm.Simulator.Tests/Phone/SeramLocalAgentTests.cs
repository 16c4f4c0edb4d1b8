using System.Net;
using System.Net.Sockets;
using Tsm.Protocol;
using Tsm.Protocol.Seram;
using Tsm.Simulator.Card;
using Tsm.Simulator.Phone;

namespace Tsm.Simulator.Tests.Phone;

public sealed class SeramLocalAgentTests : IAsyncLifetime
{
    internal const string SeId = "12340000000000000001";
    private const string SelectIsd = "00A4040007A000000151000000";
    private const string GetCplc = "80CA9F7F00";

    internal static readonly SeramAgentOptions Fast = new()
    {
        DefaultDelay = TimeSpan.Zero,
        ResponseTimeout = TimeSpan.FromSeconds(10),
        RetryWindow = TimeSpan.FromSeconds(2),
        RetryPause = TimeSpan.FromMilliseconds(50),
    };

    private FakeGateway _gateway = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _gateway = await FakeGateway.StartAsync();
        _http = new HttpClient { BaseAddress = _gateway.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _gateway.DisposeAsync();
    }

    private static SimulatedCard NewCard()
    {
        var card = new SimulatedCard(CardFactory.CreateDefault(SeId));
        card.PowerOn();
        return card;
    }

    private static RemoteManagementOrder Order(params RamCommand[] commands) => new() { Delay = 0, RamCommands = commands };

    [Fact]
    public async Task Reports_carry_the_cards_real_r_apdus_in_order()
    {
        using var reference = NewCard();
        var expected = new[] { SelectIsd, GetCplc }.Select(c => Hex.Format(reference.Transmit(Hex.Parse(c)))).ToArray();
        using var card = NewCard();
        var steps = new List<SeramStep>();
        _gateway.Script("s-1",
            Order(RamCommand.Start()),
            Order(RamCommand.SeRam(SelectIsd, GetCplc), RamCommand.Notification("step 1/1")),
            Order(RamCommand.Stop()));

        var agent = new SeramLocalAgent(card, SeId, _http, "s-1", Fast with { OnStep = steps.Add });
        var result = await agent.RunAsync();

        Assert.Equal(SeramSessionOutcome.Completed, result.Outcome);
        Assert.Empty(_gateway.Rejected);
        var (sessionId, handshake) = Assert.Single(_gateway.Handshakes);
        Assert.Equal("s-1", sessionId);
        Assert.Equal([new SecureElement { SeType = SeType.Ese, SeId = SeId }], handshake.SecureElements);
        Assert.Equal(["HTTP"], handshake.SupportedTransportProtocols); // the fake gateway is served over plain HTTP
        Assert.Equal(["application/json"], handshake.SupportedDataFormats);
        Assert.Equal(["2.0.0"], handshake.SupportedVersions);

        var reports = _gateway.ReportsOf("s-1");
        Assert.Equal(3, reports.Count); // nothing is reported after stopCommand
        Assert.Equal(LocalAgentStatusKind.Polling, reports[0].LocalAgentStatus.LocalAgentStatusEnum);
        Assert.Equal(LocalAgentStatusKind.Processed, reports[1].LocalAgentStatus.LocalAgentStatusEnum);
        Assert.Equal(0, reports[1].LocalAgentStatus.ExecutedSeRamCommands);
        Assert.Null(reports[1].RamResponses);
        Assert.Equal(LocalAgentStatusKind.Processed, reports[2].LocalAgentStatus.LocalAgentStatusEnum);
        Assert.Equal(1, reports[2].LocalAgentStatus.ExecutedSeRamCommands);
        var rapdus = Assert.Single(reports[2].RamResponses!).ListOfRapdu;
        Assert.Equal(expected, rapdus);
        Assert.EndsWith("9000", rapdus[0], StringComparison.Ordinal);
        Assert.StartsWith("9F7F", rapdus[1], StringComparison.Ordinal);
        Assert.EndsWith("9000", rapdus[1], StringComparison.Ordinal);
        Assert.Equal(["step 1/1"], result.Notifications);
        Assert.Contains(steps, s => s.Kind == SeramStepKind.Notification && s.Detail == "step 1/1");
        Assert.Equal(SeramStepKind.Stop, steps[^1].Kind);
    }

    [Fact]
    public async Task Error_status_words_are_reported_as_valid_responses()
    {
        using var card = NewCard();
        _gateway.Script("s-sw", Order(RamCommand.Start(), RamCommand.SeRam(SelectIsd, "80CA104700"), RamCommand.SeRam(GetCplc)));

        var result = await new SeramLocalAgent(card, SeId, _http, "s-sw", Fast).RunAsync();

        Assert.True(result.IsCompleted);
        var report = _gateway.ReportsOf("s-sw")[1];
        Assert.Equal(LocalAgentStatusKind.Processed, report.LocalAgentStatus.LocalAgentStatusEnum);
        Assert.Equal(2, report.LocalAgentStatus.ExecutedSeRamCommands);
        Assert.Equal("6A88", report.RamResponses![0].ListOfRapdu[1]);
    }

    [Fact]
    public async Task A_torn_card_is_reported_unavailable_and_the_rest_of_the_order_is_dropped()
    {
        using var card = NewCard();
        card.Faults.TearAtApdu = 2;
        _gateway.Script("s-tear",
            Order(RamCommand.Start(), RamCommand.SeRam(SelectIsd, GetCplc, GetCplc), RamCommand.SeRam(GetCplc)),
            Order(RamCommand.SeRam(GetCplc)));

        var result = await new SeramLocalAgent(card, SeId, _http, "s-tear", Fast).RunAsync();

        Assert.True(result.IsCompleted);
        Assert.Empty(_gateway.Rejected);
        var reports = _gateway.ReportsOf("s-tear");
        var failed = reports[1];
        Assert.Equal(LocalAgentStatusKind.UnavailableSe, failed.LocalAgentStatus.LocalAgentStatusEnum);
        Assert.Equal(0, failed.LocalAgentStatus.ExecutedSeRamCommands);
        Assert.Contains("power lost", failed.LocalAgentStatus.ErrorMsg, StringComparison.Ordinal);
        var partial = Assert.Single(failed.RamResponses!); // the second seRamCommand never ran
        Assert.Single(partial.ListOfRapdu); // the SELECT's R-APDU; none for the torn APDU
        Assert.EndsWith("9000", partial.ListOfRapdu[0], StringComparison.Ordinal);

        // The phone powers the SE again for the next order, as its SE access API would.
        Assert.Equal(LocalAgentStatusKind.Processed, reports[2].LocalAgentStatus.LocalAgentStatusEnum);
        Assert.Equal(1, reports[2].LocalAgentStatus.ExecutedSeRamCommands);
    }

    [Fact]
    public void An_unpowered_card_is_unavailable_when_the_agent_may_not_power_it()
    {
        using var card = new SimulatedCard(CardFactory.CreateDefault(SeId));
        using var http = new HttpClient();
        var agent = new SeramLocalAgent(card, SeId, http, "s", Fast with { PowerOnWhenNeeded = false });

        var execution = agent.Execute(Order(RamCommand.SeRam(GetCplc)));

        Assert.Equal(LocalAgentStatusKind.UnavailableSe, execution.Report.LocalAgentStatus.LocalAgentStatusEnum);
        Assert.Empty(SeramValidation.Validate(execution.Report));
    }

    [Theory]
    [InlineData(typeof(UnauthorizedAccessException), LocalAgentStatusKind.UngrantedAccess)]
    [InlineData(typeof(NotSupportedException), LocalAgentStatusKind.UnknownFailure)]
    [InlineData(typeof(CardTornException), LocalAgentStatusKind.UnavailableSe)]
    public void Card_exceptions_map_to_agent_statuses(Type exception, LocalAgentStatusKind expected)
    {
        var card = new ThrowingCard((Exception)Activator.CreateInstance(exception, "refused")!);
        using var http = new HttpClient();
        var agent = new SeramLocalAgent(card, SeId, http, "s", Fast);

        var execution = agent.Execute(Order(RamCommand.SeRam(GetCplc)));

        Assert.False(execution.Stopped);
        Assert.Equal(expected, execution.Report.LocalAgentStatus.LocalAgentStatusEnum);
        Assert.Equal(0, execution.Report.LocalAgentStatus.ExecutedSeRamCommands);
        Assert.Contains("refused", execution.Report.LocalAgentStatus.ErrorMsg, StringComparison.Ordinal);
        Assert.Empty(SeramValidation.Validate(execution.Report));
    }

    [Fact]
    public void An_order_for_another_se_is_not_executed()
    {
        using var card = NewCard();
        using var http = new HttpClient();
        var agent = new SeramLocalAgent(card, SeId, http, "s", Fast);

        var execution = agent.Execute(new RemoteManagementOrder
        {
            ChosenSecureElement = new SecureElement { SeType = SeType.Uicc, SeId = "99" },
            RamCommands = [RamCommand.SeRam(GetCplc)],
        });

        Assert.Equal(LocalAgentStatusKind.UnavailableSe, execution.Report.LocalAgentStatus.LocalAgentStatusEnum);
        Assert.Null(execution.Report.RamResponses);
        Assert.Equal(0, card.Faults.ApduCount);
    }

    [Fact]
    public void A_void_order_is_answered_by_polling()
    {
        using var card = NewCard();
        using var http = new HttpClient();

        var execution = new SeramLocalAgent(card, SeId, http, "s", Fast).Execute(new RemoteManagementOrder { Delay = 0 });

        Assert.Equal(SeramSerializer.Serialize(RemoteManagementReport.Polling()), SeramSerializer.Serialize(execution.Report));
    }

    [Fact]
    public async Task Handshake_406_ends_the_session_before_any_report()
    {
        using var card = NewCard();
        _gateway.Script("s-406", Order(RamCommand.Start()));
        _gateway.HandshakeStatus = HttpStatusCode.NotAcceptable;

        var result = await new SeramLocalAgent(card, SeId, _http, "s-406", Fast).RunAsync();

        Assert.Equal(SeramSessionOutcome.HandshakeRejected, result.Outcome);
        Assert.Contains("406", result.Detail, StringComparison.Ordinal);
        Assert.Empty(_gateway.Reports);
        Assert.Empty(result.Reports);
    }

    [Fact]
    public async Task Unknown_session_is_404()
    {
        using var card = NewCard();

        var result = await new SeramLocalAgent(card, SeId, _http, "nobody", Fast).RunAsync();

        Assert.Equal(SeramSessionOutcome.SessionNotFound, result.Outcome);
    }

    [Fact]
    public async Task A_bad_order_is_a_protocol_error()
    {
        using var card = NewCard();
        _gateway.Script("s-bad");
        _gateway.RawOrder = """{ "ramCommands": [ { "ramCommandType": "rebootCommand" } ] }""";

        var result = await new SeramLocalAgent(card, SeId, _http, "s-bad", Fast).RunAsync();

        Assert.Equal(SeramSessionOutcome.ProtocolError, result.Outcome);
        Assert.Contains("ramCommandType", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unanswered_report_is_sent_again()
    {
        using var card = NewCard();
        _gateway.Script("s-slow", Order(RamCommand.Start()));
        _gateway.FirstReportHold = TimeSpan.FromSeconds(20);
        var steps = new List<SeramStep>();

        var result = await new SeramLocalAgent(card, SeId, _http, "s-slow",
            Fast with { ResponseTimeout = TimeSpan.FromMilliseconds(300), RetryWindow = TimeSpan.FromSeconds(10), OnStep = steps.Add }).RunAsync();

        Assert.True(result.IsCompleted);
        Assert.Contains(steps, s => s.Kind == SeramStepKind.Retry);
        Assert.Equal(2, _gateway.ReportsOf("s-slow").Count); // POLLING (answered on the retry), then PROCESSED
    }

    [Fact]
    public async Task A_503_while_the_cluster_fails_over_is_retried_with_the_same_report()
    {
        using var card = NewCard();
        _gateway.Script("s-503", Order(RamCommand.Start()));
        _gateway.UnavailableFirst = 2;
        var steps = new List<SeramStep>();

        var result = await new SeramLocalAgent(card, SeId, _http, "s-503", Fast with { OnStep = steps.Add }).RunAsync();

        Assert.True(result.IsCompleted, result.Detail);
        Assert.Equal(2, steps.Count(s => s.Kind == SeramStepKind.Retry && s.Detail.Contains("503", StringComparison.Ordinal)));
        Assert.Equal(2, _gateway.ReportsOf("s-503").Count); // the 503s were not taken as reports: POLLING, then PROCESSED
    }

    [Fact]
    public async Task An_unreachable_server_is_given_up_after_the_retry_window()
    {
        using var card = NewCard();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ClosedPort()}") };
        var retries = 0;

        var result = await new SeramLocalAgent(card, SeId, http, "s",
            Fast with { RetryWindow = TimeSpan.FromMilliseconds(300), OnStep = s => retries += s.Kind == SeramStepKind.Retry ? 1 : 0 }).RunAsync();

        Assert.Equal(SeramSessionOutcome.Unreachable, result.Outcome);
        Assert.True(retries >= 1);
    }

    internal static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class ThrowingCard(Exception exception) : ISmartCard
    {
        public ReadOnlyMemory<byte> Atr => new byte[] { 0x3B, 0x00 };

        public bool IsPowered => true;

        public ReadOnlyMemory<byte> PowerOn() => Atr;

        public void PowerOff()
        {
        }

        public ReadOnlyMemory<byte> Reset() => Atr;

        public byte[] Transmit(ReadOnlySpan<byte> commandApdu) => throw exception;
    }
}
