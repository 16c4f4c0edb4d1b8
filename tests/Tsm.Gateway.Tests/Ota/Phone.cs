using Tsm.Protocol.Wallet;
using Tsm.Simulator.Card;
using Tsm.Simulator.Phone;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>A simulated phone for end-to-end tests: a simulated SE, the wallet client and the SERAM local agent, over real HTTP.</summary>
internal sealed class Phone(Uri gateway, string seId, string msisdn, SimulatedCard? card = null) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = gateway };

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

    public async Task<WalletLoginResponse> LoginAsync(string? token = null, bool useCardToken = true)
    {
        var response = await Wallet.LoginAsync(new WalletLoginRequest { Msisdn = Msisdn, SeId = SeId, Imsi = Imsi, Token = token ?? (useCardToken ? WalletClient.ReadToken(Card) : null) });
        if (response.SessionId is { } session)
        {
            var result = await RunSessionAsync(session);
            Assert.True(result.IsCompleted, $"{result.Outcome}: {result.Detail}");
            var task = await Wallet.GetTaskAsync(session);
            Assert.True(task.State == WalletTaskState.Succeeded, $"{task.Operation} {task.State}: {task.Failure?.Reason} {task.Failure?.StatusWord}");
        }
        return response;
    }

    public Task<WalletOperationAccepted> SubmitAsync(WalletOperation operation, string? aid, WalletChannel channel = WalletChannel.Wallet) =>
        Wallet.SubmitOperationAsync(new WalletOperationRequest { Msisdn = Msisdn, SeId = SeId, Operation = operation, ApplicationAid = aid, Channel = channel });

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
