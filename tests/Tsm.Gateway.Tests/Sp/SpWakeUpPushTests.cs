using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.ServiceProviders;
using Tsm.Gateway.Sms.Push;
using Tsm.Gateway.Tests.Ota;
using Tsm.Gateway.Tests.Storage;
using Tsm.Protocol.Sms.Push;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Smsc.Smpp;

namespace Tsm.Gateway.Tests.Sp;

/// <summary>A provider task still queued after the wait gets a wake-up push (requirement 5.8.5) when SMS links are configured.</summary>
public sealed class SpWakeUpPushTests
{
    [Fact]
    public async Task A_queued_provider_task_is_pushed_and_the_presented_serial_runs_it()
    {
        var smsc = new SmppSmsc(new SmppSmscOptions { Port = 0, Accounts = new Dictionary<string, string> { ["tsm"] = "s3cret" }, ReceiptDelay = TimeSpan.FromMilliseconds(20) });
        smsc.Start();
        await using var _ = smsc;
        using var database = new TempDatabase();
        await using var gateway = new RunningGateway(database.Path,
        [
            .. SpSetup.Arguments(new Uri("http://127.0.0.1:9"), TimeSpan.Zero),
            "--Sms:Smpp:Accounts:0:Name", "smsc", "--Sms:Smpp:Accounts:0:Port", smsc.Port.ToString(CultureInfo.InvariantCulture),
            "--Sms:Smpp:Accounts:0:SystemId", "tsm", "--Sms:Smpp:Accounts:0:Password", "s3cret", "--Sms:Smpp:Accounts:0:SourceAddress", "10657",
        ]);
        await gateway.StartAsync();
        using var phone = new Phone(gateway.BaseAddress, SpSetup.NewSeId(), "8613900005555");
        await phone.LoginAsync();

        using var accepted = await gateway.Client.SendAsync(SpSetup.Request(HttpMethod.Post, SpPaths.Operations(phone.SeId), SpSetup.BankKey,
            new { operation = "download", applicationAid = SpSetup.DemoApp }));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var taskId = JsonSerializer.Deserialize(await accepted.Content.ReadAsStringAsync(), SpJsonContext.Default.SpTaskStatus)!.TaskId;

        // The push is bound to the queued task and goes out as the wake-up SMS to the SE's number.
        var store = gateway.Services.GetRequiredService<PushStore>();
        PushRecord? push = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline && push?.MessageId is null)
        {
            push = (await store.ListAsync(null, 100)).FirstOrDefault(p => p.SeId == phone.SeId);
            await Task.Delay(20);
        }
        Assert.NotNull(push?.MessageId);
        Assert.Equal(taskId, phone.SeId + "." + push.TaskId);
        Assert.Equal("sp:demo", push.RequestedBy);
        var submit = Assert.Single(smsc.Submits, s => s.MessageId == push.MessageId).Pdu as Tsm.Protocol.Sms.Smpp.SubmitSm;
        Assert.True(WakeUpMessage.TryParse(submit!.UserData, out var wakeUp, out var error), error);

        // The phone presents the serial: it gets the provider's task, runs it, and the provider sees it succeed.
        using var presented = await phone.Http.PostAsync(new Uri(WalletPaths.Push(wakeUp!.Serial.ToString()), UriKind.Relative), null);
        presented.EnsureSuccessStatusCode();
        var session = (await presented.Content.ReadFromJsonAsync(WalletJsonContext.Default.WalletOperationAccepted))!;
        Assert.Equal(taskId, session.TaskId);
        Assert.True((await phone.RunSessionAsync(session.SessionId)).IsCompleted);
        using var polled = await gateway.Client.SendAsync(SpSetup.Request(HttpMethod.Get, SpPaths.Task(taskId), SpSetup.BankKey));
        Assert.Equal("succeeded", (await polled.Content.ReadFromJsonAsync(SpJsonContext.Default.SpTaskStatus))!.State);
    }
}
