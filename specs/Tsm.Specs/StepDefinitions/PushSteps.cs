using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Reqnroll;
using Tsm.Gateway.Sms.Push;
using Tsm.Protocol.Sms.Push;
using Tsm.Protocol.Sms.Smpp;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Phone;
using Tsm.Specs.Drivers;
using Tsm.Specs.Support;
using Xunit;

namespace Tsm.Specs.StepDefinitions;

/// <summary>Wake-up pushes and MO messages (Features/Push, requirement 5.8.5): over HTTP, the SMPP link and the SMSC simulator.</summary>
[Binding]
public sealed class PushSteps(OtaScenario ota, FeatureContext feature) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = OtaHooks.GatewayOf(feature).BaseAddress };
    private string? _serial;
    private (SubmitSm Pdu, WakeUpMessage WakeUp)? _sms;
    private WalletOperationAccepted? _presented;
    private SeramSessionResult? _session;
    private HttpResponseMessage? _refusal;
    private IReadOnlySet<string> _before = new HashSet<string>();

    private SmsCentre Centre => OtaHooks.SmsCentreOf(feature);

    [When("^the platform asks to push a download of the demo application to the SE$")]
    public async Task WhenThePlatformPushesADownload()
    {
        await Centre.WaitForBindAsync();
        _before = Centre.WakeUpSerials();
        using var response = await OtaHooks.GatewayOf(feature).Operator.PostAsJsonAsync(new Uri("/admin/v1/pushes", UriKind.Relative),
            new { seId = ota.Phone.SeId, operation = "download", applicationAid = OtaScenario.DemoApplication });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        _serial = body.RootElement.GetProperty("serial").GetString();
    }

    [When(@"^the phone sends the text ""([^""]+)"" to the service number (\d+)$")]
    public async Task WhenThePhoneSendsAText(string text, string serviceNumber)
    {
        await Centre.WaitForBindAsync();
        _before = Centre.WakeUpSerials();
        Assert.Equal(0u, await Centre.Smsc.SendMoTextAsync(SmsCentre.SystemId, ota.Phone.Msisdn, serviceNumber, text));
    }

    [Then(@"^the SMS centre gets a wake-up SMS for (\d+): binary, UDHI set, UDH 06 05 04 with port ([0-9A-F]{4})$")]
    public async Task ThenTheSmsCentreGetsAWakeUp(string msisdn, string port)
    {
        _sms = await Centre.WaitForWakeUpAsync(msisdn, ota.Phone.SeId, _before, TimeSpan.FromSeconds(10));
        Assert.NotNull(_sms);
        var (pdu, wakeUp) = _sms.Value;
        Assert.Equal(0x40, pdu.EsmClass & 0x40);
        Assert.Equal(4, pdu.DataCoding);
        Assert.Equal(new byte[] { 0x06, 0x05, 0x04 }, pdu.UserData[..3].ToArray());
        Assert.Equal(Convert.ToUInt16(port, 16), wakeUp.DestinationPort);
        Assert.Equal(WakeUpMessage.Length, pdu.UserData.Length);
    }

    [Then("^the wake-up SMS carries the SEID of the SE and the push serial$")]
    public void ThenTheWakeUpCarriesSeIdAndSerial()
    {
        var wakeUp = _sms!.Value.WakeUp;
        Assert.Equal(ota.Phone.SeId, wakeUp.SeId);
        Assert.Equal(_serial, wakeUp.Serial.ToString());
    }

    [Then("^the push is recorded as delivered$")]
    public async Task ThenThePushIsDelivered()
    {
        var store = OtaHooks.GatewayOf(feature).Services.GetRequiredService<PushStore>();
        PushRecord? push = null;
        for (var i = 0; i < 250 && push?.State != PushStates.Delivered; i++)
        {
            push = await store.GetAsync(_serial!);
            await Task.Delay(20);
        }
        Assert.Equal(PushStates.Delivered, push?.State);
    }

    [When("^the wallet presents the push serial from the SMS$")]
    public Task WhenTheWalletPresentsTheSerialFromTheSms() => Present(_sms!.Value.WakeUp.Serial.ToString());

    [When(@"^the wallet presents the push serial ([0-9A-F]{20})$")]
    public Task Present(string serial) => PresentCore(serial);

    private async Task PresentCore(string serial)
    {
        var response = await ota.Phone.Http.PostAsync(new Uri($"/wallet/v1/push/{serial}", UriKind.Relative), null);
        if (response.IsSuccessStatusCode)
        {
            _presented = await response.Content.ReadFromJsonAsync(WalletJsonContext.Default.WalletOperationAccepted);
            response.Dispose();
            return;
        }
        _refusal?.Dispose();
        _refusal = response;
    }

    [When("^the phone runs the session of the push$")]
    public async Task WhenThePhoneRunsTheSessionOfThePush() =>
        _session = await ota.Phone.RunSessionAsync(_presented?.SessionId ?? throw new InvalidOperationException("No push was presented."));

    [Then("^the push task succeeds as a (download|sync)$")]
    public async Task ThenThePushTaskSucceeds(string operation)
    {
        Assert.True(_session!.IsCompleted, $"{_session.Outcome}: {_session.Detail}");
        var task = await ota.Phone.TaskAsync(_presented!.TaskId);
        Assert.True(task.State == WalletTaskState.Succeeded, $"{task.State}: {task.Failure?.Reason}");
        Assert.Equal(OtaSteps.OperationOf(operation), task.Operation);
    }

    [Then(@"^the gateway refuses the serial with HTTP (\d{3}) ""([^""]+)""$")]
    public async Task ThenTheGatewayRefusesTheSerial(int status, string title)
    {
        Assert.NotNull(_refusal);
        Assert.Equal((HttpStatusCode)status, _refusal.StatusCode);
        using var problem = JsonDocument.Parse(await _refusal.Content.ReadAsStringAsync());
        Assert.Equal(title, problem.RootElement.GetProperty("title").GetString());
    }

    public void Dispose()
    {
        _refusal?.Dispose();
        _http.Dispose();
    }
}
