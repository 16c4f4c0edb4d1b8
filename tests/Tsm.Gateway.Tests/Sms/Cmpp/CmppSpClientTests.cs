using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Sms;
using Tsm.Gateway.Sms.Cmpp;
using Tsm.Gateway.Sms.Links;
using Tsm.Protocol.Sms.Cmpp;
using Tsm.Simulator.Smsc.Cmpp;

namespace Tsm.Gateway.Tests.Sms.Cmpp;

/// <summary>Our CMPP SP client against the ISMG simulator over real sockets on 127.0.0.1.</summary>
public sealed class CmppSpClientTests : IAsyncLifetime
{
    private const string SpId = "901234";
    private const string Secret = "cmpp-secret";

    private static readonly byte[] WakeUp = [0x06, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0, .. Enumerable.Range(1, 20).Select(i => (byte)i)];

    private readonly CmppIsmgSimulator _ismg = new(new CmppIsmgOptions
    {
        Port = 0,
        Accounts = [new CmppIsmgAccount(SpId, Secret), new CmppIsmgAccount("900002", "v2-secret", CmppVersion.V20)],
        ReportDelay = TimeSpan.FromMilliseconds(20),
    });

    private readonly RecordingInboundHandler _handler = new();
    private readonly List<CmppSpClient> _clients = [];

    public Task InitializeAsync()
    {
        _ismg.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
            await client.DisposeAsync();
        await _ismg.DisposeAsync();
    }

    private CmppAccountOptions Account(string version = "3.0", string spId = SpId, string secret = Secret) => new()
    {
        Name = "cmpp-test",
        Port = _ismg.Endpoint.Port,
        Version = version,
        SpId = spId,
        SharedSecret = secret,
        SrcId = "10657",
        ServiceId = "TSMPUSH",
        ResponseTimeout = TimeSpan.FromSeconds(2),
        ReconnectDelay = TimeSpan.FromMilliseconds(50),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(400),
        ThrottlePause = TimeSpan.FromMilliseconds(100),
    };

    private async Task<CmppSpClient> StartAsync(CmppAccountOptions options, bool waitAll = true)
    {
        var client = new CmppSpClient(options, _handler, NullLogger.Instance);
        _clients.Add(client);
        client.Start();
        if (waitAll)
            await client.WaitUntilAllConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return client;
    }

    [Theory]
    [InlineData("2.0", "900002", "v2-secret", CmppVersion.V20)]
    [InlineData("3.0", SpId, Secret, CmppVersion.V30)]
    public async Task Submits_a_wake_up_and_hands_its_status_report_to_the_handler(string version, string spId, string secret, CmppVersion expected)
    {
        var client = await StartAsync(Account(version, spId, secret));

        var result = await client.SubmitAsync(new SmsMessage("8613900000000", WakeUp));

        Assert.True(result.Accepted);
        var received = Assert.Single(_ismg.Submits);
        Assert.Equal(expected, received.Version);
        Assert.Equal(result.MessageId, received.MsgId.ToString());
        Assert.Equal((1, 4, 1, spId, "10657"), (received.Submit.TpUdhi, received.Submit.MsgFmt, received.Submit.RegisteredDelivery, received.Submit.MsgSrc, received.Submit.SrcId));
        Assert.Equal(WakeUp, received.Submit.MsgContent.ToArray());

        var report = await _handler.NextReportAsync();
        Assert.Equal((result.MessageId, SmsDeliveryState.Delivered, "8613900000000", "cmpp-test"), (report.MessageId, report.State, report.Recipient, report.Account));
        await WaitUntil(() => _ismg.DeliverResps.Count == 1);
        Assert.Equal(CmppSubmitResult.Ok, Assert.Single(_ismg.DeliverResps).Result);
    }

    [Fact]
    public async Task Hands_mo_messages_to_the_handler_and_acknowledges_them()
    {
        await StartAsync(Account());
        _ismg.SendMo(SpId, new CmppMoMessage("8613900000001", "10657", "INFO"u8.ToArray(), CmppMsgFmt.Ascii));

        var mo = await _handler.NextMessageAsync();
        Assert.Equal(("8613900000001", "10657", (byte)0, false, "INFO"), (mo.Source, mo.Destination, mo.DataCoding, mo.Udhi, System.Text.Encoding.ASCII.GetString(mo.UserData.Span)));
        await WaitUntil(() => _ismg.DeliverResps.Count == 1);
    }

    [Fact]
    public async Task A_failing_handler_gets_the_report_again()
    {
        _handler.FailNext = 1;
        var client = await StartAsync(Account());
        var result = await client.SubmitAsync(new SmsMessage("8613900000000", WakeUp));

        // Result 8 on the first DELIVER; the ISMG delivers the report again.
        var report = await _handler.NextReportAsync();
        Assert.Equal(result.MessageId, report.MessageId);
        await WaitUntil(() => _ismg.DeliverResps.Count == 2);
        Assert.Equal([CmppSubmitResult.FlowControl, CmppSubmitResult.Ok], _ismg.DeliverResps.Select(r => r.Result));
        Assert.Equal(1, client.Links[0].Binds);
    }

    [Fact]
    public async Task A_submit_in_flight_at_a_drop_is_sent_again_on_the_next_link()
    {
        var client = await StartAsync(Account());
        _ismg.Faults.ResponseDelay = TimeSpan.FromSeconds(30); // the SUBMIT_RESP will not come on this link
        var submitting = client.SubmitAsync(new SmsMessage("8613900000000", WakeUp, RequestReceipt: false));
        await WaitUntil(() => _ismg.Submits.Count == 1);
        _ismg.Faults.ResponseDelay = TimeSpan.Zero;
        _ismg.DropAll();

        // In doubt: the SUBMIT is sent again on the next link (a duplicate for the ISMG) and accepted there.
        var result = await submitting;
        Assert.True(result.Accepted);
        Assert.Equal(2, _ismg.Submits.Count);
        Assert.Equal(result.MessageId, _ismg.Submits[1].MsgId.ToString());
        Assert.True(client.Links[0].Binds >= 2);
    }

    [Fact]
    public async Task Reconnects_after_drops_and_loses_no_submit()
    {
        var client = await StartAsync(Account());
        _ismg.Faults.DropEveryPdus = 25;

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            client.SubmitAsync(new SmsMessage($"86139{i:D8}", WakeUp, RequestReceipt: false))));

        Assert.All(results, r => Assert.True(r.Accepted));
        Assert.True(_ismg.Drops >= 3, $"{_ismg.Drops} drops");
        Assert.True(client.Links[0].Binds > 3, $"{client.Links[0].Binds} binds");
        var accepted = _ismg.Submits.Where(s => s.Result == 0).Select(s => s.Submit.DestTerminalIds[0]).ToHashSet();
        Assert.Equal(100, accepted.Count);
    }

    [Fact]
    public async Task Pauses_on_flow_control_and_resends_until_accepted()
    {
        var client = await StartAsync(Account());
        _ismg.Faults.FlowControlRate = 10;

        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, 25).Select(i =>
            client.SubmitAsync(new SmsMessage($"86139{i:D8}", WakeUp, RequestReceipt: false))));

        Assert.All(results, r => Assert.True(r.Accepted));
        Assert.True(_ismg.ThrottledCount > 0);
        Assert.Equal(25, _ismg.Submits.Count(s => s.Result == 0));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"25 at 10/s took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_refused_connect_does_not_bind_and_keeps_the_secret_out_of_the_error()
    {
        var client = await StartAsync(Account(secret: "wrong-secret"), waitAll: false);

        await WaitUntil(() => _ismg.Connects.Count >= 1);
        Assert.Equal(CmppConnectStatus.AuthenticationFailed, _ismg.Connects[0].Status);
        await Task.Delay(200);
        Assert.Equal(0, client.Links[0].Binds);
        Assert.Equal(0, _ismg.OpenLinks);
    }

    [Fact]
    public void The_client_refuses_an_ismg_whose_authenticator_does_not_verify()
    {
        var protocol = new CmppLinkProtocol(Account(), _handler, NullLogger.Instance);
        var connect = (CmppConnect)protocol.CreateHandshake();
        var good = CmppConnectResp.Create(connect, 0, Secret, CmppVersion.V30);
        var liar = CmppConnectResp.Create(connect, 0, "not-the-secret", CmppVersion.V30);

        Assert.True(protocol.CheckHandshake(connect, good).Success);
        var refused = protocol.CheckHandshake(connect, liar);
        Assert.False(refused.Success);
        Assert.True(refused.Permanent);
        Assert.DoesNotContain(Secret, refused.Error, StringComparison.Ordinal);
        var status = protocol.CheckHandshake(connect, new CmppConnectResp { Status = 4, AuthenticatorIsmg = new byte[16], Version = 0x20 });
        Assert.Contains("version too high", status.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keeps_an_idle_link_alive_with_active_test_and_answers_the_ismg()
    {
        var client = await StartAsync(Clone(Account(), activeTest: TimeSpan.FromMilliseconds(150)));

        await WaitUntil(() => _ismg.ActiveTestsReceived >= 2);
        Assert.Equal(1, _ismg.SendActiveTest());
        await WaitUntil(() => _ismg.ActiveTestRespsReceived >= 1);
        Assert.Equal(1, client.Links[0].Binds);
    }

    [Fact]
    public async Task Runs_several_links_per_account_and_terminates_each_on_stop()
    {
        var client = await StartAsync(Clone(Account(), links: 3));
        Assert.Equal(3, _ismg.OpenLinks);

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            client.SubmitAsync(new SmsMessage($"86139{i:D8}", WakeUp, RequestReceipt: false))));
        Assert.All(results, r => Assert.True(r.Accepted));

        await client.StopAsync();
        Assert.Equal(3, _ismg.TerminatesReceived);
        await WaitUntil(() => _ismg.OpenLinks == 0);
    }

    [Fact]
    public async Task Reconnects_when_the_ismg_terminates()
    {
        var client = await StartAsync(Account());
        await _ismg.TerminateAllAsync(TimeSpan.FromSeconds(5));
        await WaitUntil(() => client.Links[0].Binds == 2);
        Assert.True((await client.SubmitAsync(new SmsMessage("8613900000000", WakeUp, RequestReceipt: false))).Accepted);
    }

    [Fact]
    public void Options_are_bound_from_Sms_Cmpp_and_validated_without_showing_the_secret()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sms:Cmpp:Accounts:0:Name"] = "cm",
            ["Sms:Cmpp:Accounts:0:SpId"] = "901234",
            ["Sms:Cmpp:Accounts:0:SharedSecret"] = "top-secret",
            ["Sms:Cmpp:Accounts:0:Version"] = "2.0",
            ["Sms:Cmpp:Accounts:0:Links"] = "4",
            ["Sms:Cmpp:Accounts:1:Name"] = "bad",
            ["Sms:Cmpp:Accounts:1:SpId"] = "1234567",
            ["Sms:Cmpp:Accounts:1:SharedSecret"] = "other-secret",
            ["Sms:Cmpp:Accounts:1:Version"] = "4.0",
            ["Sms:Cmpp:Accounts:1:Window"] = "0",
        }).Build();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddConfiguration(config);
        Assert.True(SmsLinksExtensions.HasSmsAccounts(builder.Configuration));
        builder.AddSmsLinks();
        using var provider = builder.Services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CmppOptions>>().Value);
        var message = string.Join(" ", ex.Failures);
        Assert.Contains("Sms:Cmpp:Accounts:1:SpId", message, StringComparison.Ordinal);
        Assert.Contains("Sms:Cmpp:Accounts:1:Version", message, StringComparison.Ordinal);
        Assert.Contains("Sms:Cmpp:Accounts:1:Window", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Accounts:0", message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", message, StringComparison.Ordinal);

        var account = new CmppAccountOptions();
        config.GetSection("Sms:Cmpp:Accounts:0").Bind(account);
        var good = new CmppOptions { Accounts = [account] };
        Assert.Equal((CmppVersion.V20, 4, 16, TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(60), 3, 7890), (account.ParsedVersion, account.Links, account.Window, account.ActiveTestInterval, account.ResponseTimeout, account.MaxAttempts, account.Port));
        Assert.True(new CmppOptionsValidator().Validate(null, good).Succeeded);
        Assert.DoesNotContain("top-secret", account.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_runs_configured_accounts_as_sms_senders_and_terminates_them_at_stop()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sms:Cmpp:Accounts:0:Name"] = "cm",
            ["Sms:Cmpp:Accounts:0:Port"] = _ismg.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sms:Cmpp:Accounts:0:SpId"] = SpId,
            ["Sms:Cmpp:Accounts:0:SharedSecret"] = Secret,
            ["Sms:Cmpp:Accounts:0:SrcId"] = "10657",
            ["Sms:Cmpp:Accounts:0:Links"] = "2",
        });
        builder.Services.AddSingleton<ISmsInboundHandler>(_handler);
        builder.AddSmsLinks();
        using var host = builder.Build();
        await host.StartAsync();

        Assert.True(host.Services.GetRequiredService<SmsSenders>().TryGet("cm", out var sender));
        var result = await sender!.SubmitAsync(new SmsMessage("8613900000000", WakeUp));
        Assert.True(result.Accepted);
        Assert.Equal(result.MessageId, (await _handler.NextReportAsync()).MessageId);
        await WaitUntil(() => _ismg.OpenLinks == 2);

        await host.StopAsync();
        Assert.Equal(2, _ismg.TerminatesReceived);
    }

    private static CmppAccountOptions Clone(CmppAccountOptions a, TimeSpan? activeTest = null, int? links = null) => new()
    {
        Name = a.Name,
        Port = a.Port,
        Version = a.Version,
        SpId = a.SpId,
        SharedSecret = a.SharedSecret,
        SrcId = a.SrcId,
        ServiceId = a.ServiceId,
        ResponseTimeout = activeTest is { } t ? t * 2 : a.ResponseTimeout,
        ActiveTestInterval = activeTest ?? a.ActiveTestInterval,
        Links = links ?? a.Links,
        ReconnectDelay = a.ReconnectDelay,
        MaxReconnectDelay = a.MaxReconnectDelay,
        ThrottlePause = a.ThrottlePause,
    };

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(15), "condition not met within 15 s");
            await Task.Delay(10);
        }
    }
}
