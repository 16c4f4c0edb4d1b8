using System.Net;
using System.Net.Http.Json;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Card;
using Tsm.Simulator.Phone;

namespace Tsm.Specs.Drivers;

/// <summary>
/// A simulated phone against the gateway over real HTTP: a simulated SE of the demo batch, the wallet client
/// (login, operations, tasks) and the SERAM local agent that relays the gateway's orders to the SE.
/// </summary>
public sealed class SimulatedPhone : IDisposable
{
    private readonly HttpClient _http;

    public SimulatedPhone(Uri gateway, string seId, string msisdn, SimulatedCard? card = null)
    {
        _http = new HttpClient { BaseAddress = gateway };
        // The operator's network gateway vouches for the number (trusted from loopback in scenarios; docs/security.md).
        _http.DefaultRequestHeaders.Add("X-Network-Msisdn", msisdn);
        SeId = seId;
        Msisdn = msisdn;
        Card = card ?? PoweredCard(seId);
        OwnsCard = card is null;
    }

    public SimulatedCard Card { get; }

    /// <summary>The card a wallet session talks to (by default the simulated SE itself; a wrapper to inject faults).</summary>
    public ISmartCard? Reader { get; set; }

    public string SeId { get; }

    public string Msisdn { get; }

    public string Imsi { get; init; } = "460001234567890";

    private bool OwnsCard { get; }

    private WalletClient Wallet => new(_http);

    /// <summary>Agent timing for tests: short pauses, a short retry window.</summary>
    public static SeramAgentOptions FastAgent { get; } = new()
    {
        DefaultDelay = TimeSpan.FromMilliseconds(20),
        RetryPause = TimeSpan.FromMilliseconds(50),
        RetryWindow = TimeSpan.FromSeconds(5),
    };

    public SeramAgentOptions Agent { get; set; } = FastAgent;

    public static SimulatedCard PoweredCard(string seId)
    {
        var card = new SimulatedCard(CardFactory.CreateDefault(seId));
        card.PowerOn();
        return card;
    }

    /// <summary>The token the wallet reads from the SE (GET DATA 1047), or null before registration.</summary>
    public string? TokenOnCard() => WalletClient.ReadToken(Card);

    /// <summary>Business-hall staff: operations on the business-hall channel are theirs to submit.</summary>
    public HttpClient? BusinessHall { get; set; }

    /// <summary>The phone's own client (with its access token once logged in).</summary>
    public HttpClient Http => _http;

    public async Task<WalletLoginResponse> LoginAsync(string? token)
    {
        var login = await Wallet.LoginAsync(new WalletLoginRequest { Msisdn = Msisdn, SeId = SeId, Imsi = Imsi, Token = token });
        _http.DefaultRequestHeaders.Authorization = login.AccessToken is { } access ? new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", access) : null;
        return login;
    }

    public async Task<WalletOperationAccepted> SubmitAsync(WalletOperation operation, string? aid, WalletChannel channel)
    {
        var request = new WalletOperationRequest { Msisdn = Msisdn, SeId = SeId, Operation = operation, ApplicationAid = aid };
        if (channel == WalletChannel.Wallet)
            return await Wallet.SubmitOperationAsync(request);
        // The hall's staff submit it; the wallet then opens a session for the task.
        return await Tsm.Testing.BusinessHallCounter.SubmitAsync(BusinessHall ?? throw new InvalidOperationException("No business-hall client."), _http, request);
    }

    public Task<SeramSessionResult> RunSessionAsync(string sessionId) =>
        new SeramLocalAgent(Reader ?? Card, SeId, _http, sessionId, Agent).RunAsync();

    public Task<WalletTaskStatus> TaskAsync(string taskId) => Wallet.GetTaskAsync(taskId);

    public async Task<IReadOnlyList<WalletTaskStatus>> QueueAsync() =>
        await _http.GetFromJsonAsync($"/wallet/v1/ses/{SeId}/tasks", WalletJsonContext.Default.IReadOnlyListWalletTaskStatus) ?? [];

    public async Task<HttpStatusCode> AbortAsync(string taskId)
    {
        using var response = await _http.DeleteAsync(new Uri($"/wallet/v1/tasks/{taskId}", UriKind.Relative));
        return response.StatusCode;
    }

    public void Dispose()
    {
        _http.Dispose();
        if (OwnsCard)
            Card.Dispose();
    }
}

/// <summary>Loses the SE's power (card.Faults.TearAtApdu, before processing) at its n-th LOAD command.</summary>
public sealed class TearAtLoadCard(SimulatedCard inner, int loadNumber) : ISmartCard
{
    private int _loads;

    public int Tears { get; private set; }

    public ReadOnlyMemory<byte> Atr => inner.Atr;

    public bool IsPowered => inner.IsPowered;

    public ReadOnlyMemory<byte> PowerOn() => inner.PowerOn();

    public void PowerOff() => inner.PowerOff();

    public ReadOnlyMemory<byte> Reset() => inner.Reset();

    public byte[] Transmit(ReadOnlySpan<byte> commandApdu)
    {
        if (commandApdu.Length > 1 && commandApdu[1] == 0xE8 && ++_loads == loadNumber)
        {
            inner.Faults.TearPoint = TearPoint.BeforeProcessing;
            inner.Faults.TearAtApdu = inner.Faults.ApduCount + 1;
            Tears++;
        }
        return inner.Transmit(commandApdu);
    }
}
