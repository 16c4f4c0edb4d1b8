using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Sms.Links;
using Tsm.Gateway.Sms.Push;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Ota;
using Tsm.Gateway.Tests.Storage;
using Tsm.Grains.Ota;
using Tsm.Protocol.Sms.Cmpp;
using Tsm.Protocol.Sms.Push;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Smsc.Cmpp;
using Tsm.Simulator.Smsc.Smpp;

namespace Tsm.Gateway.Tests.Sms;

/// <summary>
/// The whole push path (requirement 5.8.5) through the real gateway and our SMSC / ISMG simulators over loopback sockets:
/// stored, submitted as the 27-octet wake-up, receipt recorded, serial presented by the phone, task run.
/// </summary>
public sealed class PushOverSmsTests
{
    private const string DemoApp = "A000000333010101";

    private static string[] SmppAccount(int port, string window = "50") =>
    [
        "--Sms:Smpp:Accounts:0:Name", "smsc", "--Sms:Smpp:Accounts:0:Port", port.ToString(CultureInfo.InvariantCulture),
        "--Sms:Smpp:Accounts:0:SystemId", "tsm", "--Sms:Smpp:Accounts:0:Password", "s3cret", "--Sms:Smpp:Accounts:0:SourceAddress", "10657",
        "--Sms:Smpp:Accounts:0:Window", window, "--Sms:Smpp:Accounts:0:ReconnectDelay", "00:00:00.020", "--Sms:Smpp:Accounts:0:MaxReconnectDelay", "00:00:00.200",
        "--Sms:Smpp:Accounts:0:ResponseTimeout", "00:00:02", "--Sms:Smpp:Accounts:0:MaxAttempts", "10",
    ];

    private static SmppSmsc StartSmsc(SmppSmscOptions? options = null)
    {
        // Receipts refused or lost in a drop are delivered again after 100 ms here (the simulator's default schedule is 10 s).
        var smsc = new SmppSmsc((options ?? new SmppSmscOptions()) with
        {
            Port = 0, Accounts = new Dictionary<string, string> { ["tsm"] = "s3cret" }, ReceiptDelay = TimeSpan.FromMilliseconds(20), DeliverRetryPause = TimeSpan.FromMilliseconds(100),
        });
        smsc.Start();
        return smsc;
    }

    private static async Task<PushRecord> WaitForState(RunningGateway gateway, string serial, string state)
    {
        var store = gateway.Services.GetRequiredService<PushStore>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (true)
        {
            var push = (await store.GetAsync(serial))!;
            if (push.State == state || DateTimeOffset.UtcNow > deadline)
                return push;
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_push_over_SMPP_is_delivered_and_its_serial_runs_the_download()
    {
        await using var smsc = StartSmsc();
        using var database = new TempDatabase();
        await using var gateway = new RunningGateway(database.Path, SmppAccount(smsc.Port));
        await gateway.StartAsync();
        using var phone = new Phone(gateway.BaseAddress, "86000000000000009001", "8613900009001");
        await phone.LoginAsync();

        var serial = await PushApiTests.CreatePushAsync(gateway.Client, new { seId = phone.SeId, operation = "download", applicationAid = DemoApp });
        var delivered = await WaitForState(gateway, serial, PushStates.Delivered);
        Assert.Equal(PushStates.Delivered, delivered.State);
        Assert.NotNull(delivered.MessageId);

        // What the SMSC got: one binary submit_sm with UDHI, the 27-octet wake-up for this SE and serial.
        var submit = Assert.Single(smsc.Submits, s => s.MessageId == delivered.MessageId).Pdu as Tsm.Protocol.Sms.Smpp.SubmitSm;
        Assert.NotNull(submit);
        Assert.Equal("8613900009001", submit.Destination.Address);
        Assert.Equal(0x40, submit.EsmClass & 0x40);
        Assert.Equal(4, submit.DataCoding);
        Assert.Equal(1, submit.RegisteredDelivery & 0x03);
        Assert.Equal(WakeUpMessage.Length, submit.UserData.Length);
        Assert.True(WakeUpMessage.TryParse(submit.UserData, out var wakeUp, out var error), error);
        Assert.Equal(phone.SeId, wakeUp!.SeId);
        Assert.Equal(serial, wakeUp.Serial.ToString());
        Assert.Equal((ushort)0x3F11, wakeUp.DestinationPort);

        // The phone presents the serial it read from the SMS.
        using var presented = await phone.Http.PostAsync(new Uri($"/wallet/v1/push/{wakeUp.Serial}", UriKind.Relative), null);
        presented.EnsureSuccessStatusCode();
        var accepted = (await presented.Content.ReadFromJsonAsync(WalletJsonContext.Default.WalletOperationAccepted))!;
        Assert.True((await phone.RunSessionAsync(accepted.SessionId)).IsCompleted);
        Assert.Equal(WalletTaskState.Succeeded, (await phone.TaskAsync(accepted.TaskId)).State);
        Assert.Contains(phone.Card.Image.Applications, a => a.Aid == DemoApp);
    }

    [Fact]
    public async Task A_push_delivery_continues_the_trace_of_the_request_that_stored_it_down_to_the_sms_send()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or SmsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var smsc = StartSmsc();
        using var database = new TempDatabase();
        await using var gateway = new RunningGateway(database.Path, SmppAccount(smsc.Port));
        await gateway.StartAsync();
        using var phone = new Phone(gateway.BaseAddress, "86000000000000009010", "8613900009010");
        await phone.LoginAsync();

        // The operator's request comes with its own trace (a caller's traceparent), so its spans are told apart from
        // every other test's.
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/admin/v1/pushes", UriKind.Relative))
        {
            Content = JsonContent.Create(new { seId = phone.SeId, operation = "download", applicationAid = DemoApp }),
        };
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await gateway.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var serial = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("serial").GetString()!;
        Assert.Equal(PushStates.Delivered, (await WaitForState(gateway, serial, PushStates.Delivered)).State);

        // The delivery ran later, in the outbox worker, yet it is a child of the HTTP request's span; the SMS link's
        // submit is its child. The stored traceparent is not part of the push's API answer.
        var inTrace = stopped.Where(a => a.TraceId == traceId).ToList();
        var http = Assert.Single(inTrace, a => a.Source.Name == "Microsoft.AspNetCore");
        var delivery = Assert.Single(inTrace, a => a.OperationName == "push.deliver");
        Assert.Equal(http.SpanId, delivery.ParentSpanId);
        var send = Assert.Single(inTrace, a => a.OperationName == "sms.send");
        Assert.Equal(delivery.SpanId, send.ParentSpanId);
        Assert.Equal("download", delivery.GetTagItem("tsm.push.operation"));
        Assert.DoesNotContain("traceParent", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_listening_phone_receives_the_wake_up_from_its_handset_and_runs_the_pushed_lock()
    {
        var handsets = new Tsm.Simulator.Smsc.Handsets();
        await using var smsc = StartSmsc(new SmppSmscOptions { Handsets = handsets });
        using var database = new TempDatabase();
        await using var gateway = new RunningGateway(database.Path, SmppAccount(smsc.Port));
        await gateway.StartAsync();
        using var phone = new Phone(gateway.BaseAddress, "86000000000000009004", "8613900009004");
        await phone.LoginAsync();
        Assert.Equal(WalletTaskState.Succeeded, (await phone.DoAsync(WalletOperation.Download, DemoApp)).State);

        var handler = new Tsm.Simulator.Phone.WalletPushHandler(phone.Card, phone.SeId, phone.Http, Phone.FastAgent);
        using var output = new StringWriter();
        var listener = new Tsm.Simulator.Phone.PushListener(
            new Tsm.Simulator.Phone.PushListenerOptions { Msisdn = phone.Msisdn, SeId = phone.SeId, Count = 1, Wait = TimeSpan.FromSeconds(10) },
            handsets.ReceiveAsync, handler.HandleAsync, output);
        var listening = listener.RunAsync();

        await PushApiTests.CreatePushAsync(gateway.Client, new { seId = phone.SeId, operation = "lock", applicationAid = DemoApp });
        var result = await listening.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.AllSucceeded, output.ToString());
        Assert.Equal(1, result.Handled);
        Assert.True(Tsm.Protocol.GlobalPlatform.LifeCycle.IsLocked(phone.Card.Image.Applications.Single(a => a.Aid == DemoApp).LifeCycle));
    }

    [Fact]
    public async Task A_push_over_CMPP_3_is_delivered_with_the_same_content()
    {
        await using var ismg = new CmppIsmgSimulator(new CmppIsmgOptions
        {
            Port = 0,
            Accounts = [new CmppIsmgAccount("901234", "secret")],
            ReportDelay = TimeSpan.FromMilliseconds(20),
        });
        ismg.Start();
        using var database = new TempDatabase();
        await using var gateway = new RunningGateway(database.Path,
            "--Sms:Cmpp:Accounts:0:Name", "ismg", "--Sms:Cmpp:Accounts:0:Port", ismg.Endpoint.Port.ToString(CultureInfo.InvariantCulture),
            "--Sms:Cmpp:Accounts:0:SpId", "901234", "--Sms:Cmpp:Accounts:0:SharedSecret", "secret", "--Sms:Cmpp:Accounts:0:SrcId", "10657",
            "--Sms:Cmpp:Accounts:0:ServiceId", "TSM", "--Sms:Cmpp:Accounts:0:Version", "3.0");
        await gateway.StartAsync();
        using var phone = new Phone(gateway.BaseAddress, "86000000000000009002", "8613900009002");
        await phone.LoginAsync();

        var serial = await PushApiTests.CreatePushAsync(gateway.Client, new { seId = phone.SeId, operation = "sync" });
        var delivered = await WaitForState(gateway, serial, PushStates.Delivered);
        Assert.Equal(PushStates.Delivered, delivered.State);
        var submit = Assert.Single(ismg.Submits).Submit;
        Assert.Equal(1, submit.TpUdhi);
        Assert.Equal(CmppMsgFmt.Binary, submit.MsgFmt);
        Assert.Equal("8613900009002", Assert.Single(submit.DestTerminalIds));
        Assert.True(WakeUpMessage.TryParse(submit.MsgContent, out var wakeUp, out var error), error);
        Assert.Equal(serial, wakeUp!.Serial.ToString());
        Assert.Equal(phone.SeId, wakeUp.SeId);
    }

    [Fact]
    public async Task An_MO_SYNC_queues_an_info_sync_of_the_senders_SE_and_pushes_a_wake_up_for_it()
    {
        using var database = new TempDatabase();
        await MoSyncAsync(database.Path, []);
    }

    /// <summary>The same on the cluster profile: the MO message, the binding it is routed by and the push live in PostgreSQL.</summary>
    [SkippableFact]
    public async Task An_MO_SYNC_is_stored_and_routed_on_the_cluster_profile()
    {
        Skip.If(PostgresServer.BinDir is null, PostgresServer.SkipReason);
        using var unused = new TempDatabase();
        await MoSyncAsync(unused.Path, [
            "--Storage:Profile", StorageProfiles.Cluster,
            "--Storage:PostgresConnectionString", await PostgresServer.CreateDatabaseAsync(),
            "--" + StorageExtensions.AdvertisedAddressKey, "127.0.0.1",
        ]);
        Assert.False(File.Exists(unused.Path));
    }

    private static async Task MoSyncAsync(string sqlitePath, string[] storage)
    {
        await using var smsc = StartSmsc();
        await using var gateway = new RunningGateway(sqlitePath, [.. SmppAccount(smsc.Port), .. storage]);
        await gateway.StartAsync();
        using var phone = new Phone(gateway.BaseAddress, "86000000000000009003", "8613900009003");
        await phone.LoginAsync();
        for (var i = 0; i < 500 && smsc.BoundSessions == 0; i++)
            await Task.Delay(20); // the gateway's ESME binds

        // deliver_sm_resp ESME_ROK: the gateway stored and routed it before answering.
        Assert.Equal(0u, await smsc.SendMoTextAsync("tsm", "8613900009003", "10657", "sync please"));
        using var mo = await gateway.Client.GetAsync(new Uri("/admin/v1/mo?source=8613900009003", UriKind.Relative));
        var record = Assert.Single((await mo.Content.ReadFromJsonAsync<List<Tsm.Gateway.Sms.Mo.MoRecord>>())!);
        Assert.Equal("sync please", record.Text);
        Assert.Equal("sync", record.Rule);
        Assert.Contains("sync task", record.Outcome, StringComparison.Ordinal);

        // The wake-up reached the SMSC; the phone presents its serial and gets the sync task queued for it.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        WakeUpMessage? wakeUp = null;
        while (wakeUp is null && DateTimeOffset.UtcNow < deadline)
        {
            wakeUp = smsc.Submits.Select(s => (s.Pdu as Tsm.Protocol.Sms.Smpp.SubmitSm)?.UserData ?? default)
                .Select(data => WakeUpMessage.TryParse(data, out var w, out _) ? w : null).FirstOrDefault(w => w?.SeId == phone.SeId);
            await Task.Delay(20);
        }
        Assert.NotNull(wakeUp);
        using var presented = await phone.Http.PostAsync(new Uri($"/wallet/v1/push/{wakeUp.Serial}", UriKind.Relative), null);
        presented.EnsureSuccessStatusCode();
        var accepted = (await presented.Content.ReadFromJsonAsync(WalletJsonContext.Default.WalletOperationAccepted))!;
        Assert.True((await phone.RunSessionAsync(accepted.SessionId)).IsCompleted);
        var task = await phone.TaskAsync(accepted.TaskId);
        Assert.Equal(WalletTaskState.Succeeded, task.State);
        Assert.Equal(WalletOperation.Sync, task.Operation);

        // A message no rule knows is stored and left alone.
        Assert.Equal(0u, await smsc.SendMoTextAsync("tsm", "8613900009003", "10657", "HELLO"));
        using var all = await gateway.Client.GetAsync(new Uri("/admin/v1/mo?source=8613900009003", UriKind.Relative));
        var latest = (await all.Content.ReadFromJsonAsync<List<Tsm.Gateway.Sms.Mo.MoRecord>>())![0];
        Assert.Equal("HELLO", latest.Text);
        Assert.Null(latest.Rule);
    }

    [Fact]
    public async Task Ten_thousand_pushes_over_a_link_dropped_twenty_times_lose_none()
    {
        // The SMSC drops the link every 450 PDUs it receives: at least 22 drops over 10,000 submits.
        await using var smsc = StartSmsc(new SmppSmscOptions { DropEvery = 450 });
        using var database = new TempDatabase();
        await using var gateway = new RunningGateway(database.Path, [.. SmppAccount(smsc.Port), "--Sms:Push:InDoubtAfter", "00:00:03", "--Sms:Push:RetryPause", "00:00:00.200"]);
        await gateway.StartAsync();
        var pushes = gateway.Services.GetRequiredService<PushService>();
        const int count = 10_000;
        var serials = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var push = await pushes.CreateAsync(new PushRequest($"8600000000001{i:D7}", $"86139{i:D8}", OperationKind.Sync, null, null, "test"));
            serials.Add(push.Serial);
        }
        var store = gateway.Services.GetRequiredService<PushStore>();
        var deadline = DateTimeOffset.UtcNow.AddMinutes(3);
        IReadOnlyDictionary<string, long> counts;
        do
        {
            await Task.Delay(250);
            counts = await store.CountByStateAsync();
        }
        while (counts.GetValueOrDefault(PushStates.Delivered) < count && DateTimeOffset.UtcNow < deadline);

        Assert.True(smsc.Drops >= 20, $"the SMSC dropped the link {smsc.Drops} times");
        Assert.Equal(count, counts.GetValueOrDefault(PushStates.Delivered));
        // Every serial reached the SMSC; at least once (a submit in doubt at a drop may have gone twice).
        var submitted = smsc.Submits.Select(s => WakeUpMessage.TryParse(((Tsm.Protocol.Sms.Smpp.SubmitSm)s.Pdu).UserData, out var w, out _) ? w!.Serial.ToString() : "")
            .ToHashSet(StringComparer.Ordinal);
        Assert.All(serials, s => Assert.Contains(s, submitted));
    }
}
