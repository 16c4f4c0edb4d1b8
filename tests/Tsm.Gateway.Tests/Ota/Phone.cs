using Tsm.Protocol.Wallet;
using Tsm.Simulator.Card;
using Tsm.Simulator.Phone;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>A simulated phone for end-to-end tests: a simulated SE, the wallet client and the SERAM local agent, over real HTTP.</summary>
internal sealed class Phone(Uri gateway, string seId, string msisdn, SimulatedCard? card = null) : IDisposable
{
    private readonly HttpClient _http = WalletHttp(gateway, msisdn);

    /// <summary>
    /// The phone's HTTP client: it carries the network gateway's number header (believed only where the test gateway
    /// trusts loopback) and, once logged in, the wallet access token.
    /// </summary>
    private static HttpClient WalletHttp(Uri gateway, string msisdn)
    {
        var http = new HttpClient { BaseAddress = gateway };
        http.DefaultRequestHeaders.Add("X-Network-Msisdn", msisdn);
        return http;
    }

    public SimulatedCard Card { get; } = card ?? PoweredCard(seId);

    public string SeId { get; } = seId;

    public string Msisdn { get; } = msisdn;

    public string Imsi { get; init; } = "460001234567890";

    private WalletClient Wallet => new(_http);

    public static SimulatedCard PoweredCard(string seId)
    {
        var card = new SimulatedCard(CardFactory.CreateDefault(seId));
        card.PowerOn();
        return card;
    }

    public static SeramAgentOptions FastAgent { get; } = new()
    {
        DefaultDelay = TimeSpan.FromMilliseconds(20),
        RetryPause = TimeSpan.FromMilliseconds(50),
        RetryWindow = TimeSpan.FromSeconds(5),
    };

    /// <summary>A business hall's staff client (docs/security.md): operations on the business-hall channel go through it.</summary>
    public HttpClient? BusinessHall { get; set; }

    /// <summary>The phone's own HTTP client, with its access token once logged in.</summary>
    public HttpClient Http => _http;

    /// <summary>Logs in (keeping the access token) without running the session it answers.</summary>
    public async Task<WalletLoginResponse> LoginOnlyAsync(string? token = null, bool useCardToken = true, string? code = null)
    {
        var response = await Wallet.LoginAsync(new WalletLoginRequest
        {
            Msisdn = Msisdn, SeId = SeId, Imsi = Imsi, Token = token ?? (useCardToken ? WalletClient.ReadToken(Card) : null), Code = code,
        });
        _http.DefaultRequestHeaders.Authorization = response.AccessToken is { } access
            ? new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", access)
            : null;
        return response;
    }

    public async Task<WalletLoginResponse> LoginAsync(string? token = null, bool useCardToken = true)
    {
        var response = await LoginOnlyAsync(token, useCardToken);
        if (response.SessionId is { } session)
        {
            var result = await RunSessionAsync(session);
            Assert.True(result.IsCompleted, $"{result.Outcome}: {result.Detail}");
            var task = await Wallet.GetTaskAsync(response.TaskId!);
            Assert.True(task.State == WalletTaskState.Succeeded, $"{task.Operation} {task.State}: {task.Failure?.Reason} {task.Failure?.StatusWord}");
        }
        return response;
    }

    /// <summary>
    /// The wallet's request; on the business-hall channel, the hall's staff submit it and the wallet opens a session
    /// for the task.
    /// </summary>
    public async Task<WalletOperationAccepted> SubmitAsync(WalletOperation operation, string? aid, WalletChannel channel = WalletChannel.Wallet)
    {
        var request = new WalletOperationRequest { Msisdn = Msisdn, SeId = SeId, Operation = operation, ApplicationAid = aid };
        if (channel == WalletChannel.Wallet)
            return await Wallet.SubmitOperationAsync(request);
        return await Tsm.Testing.BusinessHallCounter.SubmitAsync(
            BusinessHall ?? throw new InvalidOperationException("Set the phone's BusinessHall client first."), _http, request);
    }

    public async Task<SeramSessionResult> RunSessionAsync(string sessionId) =>
        await new SeramLocalAgent(Card, SeId, _http, sessionId, FastAgent).RunAsync();

    /// <summary>Submits, runs the SERAM session to its end and returns the task's final status.</summary>
    public async Task<WalletTaskStatus> DoAsync(WalletOperation operation, string? aid, WalletChannel channel = WalletChannel.Wallet)
    {
        var accepted = await SubmitAsync(operation, aid, channel);
        var session = await RunSessionAsync(accepted.SessionId);
        Assert.True(session.IsCompleted, session.Detail);
        return await Wallet.GetTaskAsync(accepted.TaskId);
    }

    public Task<WalletTaskStatus> TaskAsync(string taskId) => Wallet.GetTaskAsync(taskId);

    public void Dispose()
    {
        _http.Dispose();
        Card.Dispose();
    }
}
