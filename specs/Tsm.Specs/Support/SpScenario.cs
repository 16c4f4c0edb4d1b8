using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Reqnroll;
using Tsm.Gateway.ServiceProviders;
using Tsm.Grains.Ota;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Card;
using Tsm.Simulator.Card.Applets;
using Tsm.Specs.Drivers;

namespace Tsm.Specs.Support;

/// <summary>
/// Scenario state of the service-provider features: the user's phone (its SE runs the e-purse for the bank's purse
/// modules) and the last answer of the SP API. Scenario-scoped via context injection.
/// </summary>
public sealed class SpScenario(FeatureContext feature) : IDisposable
{
    private static int s_nextSe;
    private readonly HttpClient _http = new() { BaseAddress = SpHooks.GatewayOf(feature).BaseAddress };
    private SimulatedPhone? _phone;

    public SimulatedPhone Phone => _phone ?? throw new InvalidOperationException("No phone in this scenario yet.");

    public HttpStatusCode LastStatus { get; private set; }

    public string LastBody { get; private set; } = "";

    public IGrainFactory Grains => SpHooks.GatewayOf(feature).Services.GetRequiredService<IGrainFactory>();

    public ISeGrain Se => Grains.GetGrain<ISeGrain>(Phone.SeId);

    public async Task RegisterPhoneAsync()
    {
        var seId = "86000000000000" + (0xB00000 + Interlocked.Increment(ref s_nextSe)).ToString("X6", System.Globalization.CultureInfo.InvariantCulture);
        var image = CardFactory.CreateBatch(new SeBatchProfile
        {
            FirstSeId = seId,
            ModuleBehaviours = new Dictionary<string, string> { [SpPlatform.PurseModulePrefix] = AppletBehaviours.EPurse },
        }).Single();
        var card = new SimulatedCard(image);
        card.PowerOn();
        _phone = new SimulatedPhone(SpHooks.GatewayOf(feature).BaseAddress, seId, "13922224444", card);
        await LoginAsync();
    }

    /// <summary>The wallet logs in and runs the session it is given, if any; false when there was none.</summary>
    public async Task<bool> LoginAsync()
    {
        var login = await Phone.LoginAsync(Phone.TokenOnCard());
        if (login.SessionId is not { } session)
            return false;
        var result = await Phone.RunSessionAsync(session);
        if (!result.IsCompleted)
            throw new InvalidOperationException($"The session ended {result.Outcome}: {result.Detail}");
        return true;
    }

    /// <summary>
    /// A request of a platform (null key = none) on the SE's operations while the phone is online: the wallet logs in
    /// again and again, running each session it is given, until the platform has its answer.
    /// </summary>
    public async Task OperateAsync(string? apiKey, object body)
    {
        var request = SendAsync(HttpMethod.Post, SpPaths.Operations(Phone.SeId), apiKey, body);
        while (!request.IsCompleted)
        {
            if (!await LoginAsync())
                await Task.WhenAny(request, Task.Delay(50));
        }
        await request;
    }

    public async Task SendAsync(HttpMethod method, string path, string? apiKey, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (apiKey is not null)
            request.Headers.Add(SpAuthenticator.ApiKeyHeader, apiKey);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        using var response = await _http.SendAsync(request);
        LastStatus = response.StatusCode;
        LastBody = await response.Content.ReadAsStringAsync();
    }

    public SpTaskStatus LastTask()
    {
        if (LastStatus is not (HttpStatusCode.OK or HttpStatusCode.Accepted))
            throw new InvalidOperationException($"The platform answered {(int)LastStatus}: {LastBody}");
        return JsonSerializer.Deserialize(LastBody, SpJsonContext.Default.SpTaskStatus)!;
    }

    public async Task<IReadOnlyList<WalletTaskStatus>> QueueAsync() => await Phone.QueueAsync();

    public ApplicationRecord? OnCard(string aid) =>
        Phone.Card.Image.Applications.FirstOrDefault(a => a.Aid.Equals(aid, StringComparison.OrdinalIgnoreCase));

    public void Dispose()
    {
        _http.Dispose();
        _phone?.Dispose();
        _phone?.Card.Dispose();
    }
}
