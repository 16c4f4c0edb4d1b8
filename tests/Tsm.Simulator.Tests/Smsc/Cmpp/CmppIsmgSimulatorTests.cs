using System.Diagnostics;
using Tsm.Protocol.Sms.Cmpp;
using Tsm.Simulator.Smsc.Cmpp;

namespace Tsm.Simulator.Tests.Smsc.Cmpp;

/// <summary>The simulated ISMG over real sockets on 127.0.0.1, driven by a bare codec-only SP.</summary>
public sealed class CmppIsmgSimulatorTests : IAsyncLifetime
{
    private const string SpId = "901234";
    private const string Secret = "ismg-secret";

    private readonly CmppIsmgSimulator _ismg = new(new CmppIsmgOptions
    {
        Port = 0,
        Accounts = [new CmppIsmgAccount(SpId, Secret), new CmppIsmgAccount("900002", "old-secret", CmppVersion.V20)],
        ReportDelay = TimeSpan.FromMilliseconds(50),
        GatewayCode = 0x1ABCD,
    });

    public Task InitializeAsync()
    {
        _ismg.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _ismg.DisposeAsync();

    private static CmppSubmit WakeUp(uint sequence, byte registeredDelivery = 1, string msgSrc = SpId) => new()
    {
        SequenceId = sequence,
        RegisteredDelivery = registeredDelivery,
        ServiceId = "TSMPUSH",
        TpUdhi = 1,
        MsgFmt = CmppMsgFmt.Binary,
        MsgSrc = msgSrc,
        SrcId = "10657",
        DestTerminalIds = ["8613900000000"],
        MsgContent = new byte[] { 0x06, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0, 1, 2, 3 },
    };

    [Theory]
    [InlineData(CmppVersion.V20)]
    [InlineData(CmppVersion.V30)]
    public async Task Accepts_a_connect_and_answers_a_submit_with_a_msg_id_then_a_status_report(CmppVersion version)
    {
        await using var sp = await RawSp.ConnectAsync(_ismg.Endpoint, SpId, Secret, version);

        await sp.SendAsync(WakeUp(2));
        var resp = await sp.ReceiveAsync<CmppSubmitResp>();
        Assert.Equal(2u, resp.SequenceId);
        Assert.Equal(CmppSubmitResult.Ok, resp.Result);
        Assert.Equal(0x1ABCD, resp.MsgId.GatewayCode);
        Assert.Equal(DateTime.Now.Day, resp.MsgId.Day);

        var report = await sp.ReceiveAsync<CmppDeliver>();
        Assert.True(report.IsStatusReport);
        Assert.NotNull(report.Report);
        Assert.Equal(resp.MsgId, report.Report.MsgId);
        Assert.Equal(CmppStat.Delivered, report.Report.Stat);
        Assert.Equal("8613900000000", report.Report.DestTerminalId);
        Assert.Equal("10657", report.DestId);
        await sp.SendAsync(new CmppDeliverResp { SequenceId = report.SequenceId, MsgId = report.MsgId });

        var received = Assert.Single(_ismg.Submits);
        Assert.Equal((SpId, version, resp.MsgId), (received.SpId, received.Version, received.MsgId));
        Assert.Equal(WakeUp(2).MsgContent.ToArray(), received.Submit.MsgContent.ToArray());
        await WaitUntil(() => _ismg.DeliverResps.Count == 1);
        Assert.Equal(0, _ismg.PendingDelivers(SpId));
    }

    [Fact]
    public async Task No_report_is_sent_when_none_was_asked()
    {
        await using var sp = await RawSp.ConnectAsync(_ismg.Endpoint, SpId, Secret, CmppVersion.V30);
        await sp.SendAsync(WakeUp(2, registeredDelivery: 0));
        Assert.Equal(CmppSubmitResult.Ok, (await sp.ReceiveAsync<CmppSubmitResp>()).Result);
        Assert.Null(await ReceiveOrNothing(sp, TimeSpan.FromMilliseconds(300)));
        Assert.Equal(0, _ismg.ReportsSent);
    }

    [Theory]
    [InlineData("999999", Secret, 0x30, CmppConnectStatus.IllegalSourceAddress)]
    [InlineData(SpId, "wrong", 0x30, CmppConnectStatus.AuthenticationFailed)]
    [InlineData("900002", "old-secret", 0x30, CmppConnectStatus.VersionTooHigh)]
    public async Task Refuses_a_connect_with_the_spec_status_and_closes_the_link(string spId, string secret, byte version, uint status)
    {
        await using var sp = await RawSp.OpenAsync(_ismg.Endpoint);
        await sp.SendAsync(CmppConnect.Create(spId, secret, (CmppVersion)version, DateTime.Now, 1));
        var resp = Assert.IsType<CmppConnectResp>(await sp.ReceiveAsync());
        Assert.Equal(status, resp.Status);
        Assert.Equal(new byte[16], resp.AuthenticatorIsmg.ToArray());
        Assert.Null(await sp.ReceiveAsync());
        Assert.Equal(status, Assert.Single(_ismg.Connects).Status);
        Assert.Equal(0, _ismg.OpenLinks);
    }

    [Fact]
    public async Task A_2_0_account_connects_with_2_0_and_gets_a_30_byte_connect_resp()
    {
        await using var sp = await RawSp.ConnectAsync(_ismg.Endpoint, "900002", "old-secret", CmppVersion.V20);
        await sp.SendAsync(WakeUp(2, msgSrc: "900002"));
        Assert.Equal(CmppSubmitResult.Ok, (await sp.ReceiveAsync<CmppSubmitResp>()).Result);
        Assert.Equal(CmppVersion.V20, Assert.Single(_ismg.Submits).Version);
    }

    [Fact]
    public async Task The_refuse_fault_refuses_even_good_credentials()
    {
        _ismg.Faults.RefuseConnectStatus = CmppConnectStatus.Other;
        await using var sp = await RawSp.OpenAsync(_ismg.Endpoint);
        await sp.SendAsync(CmppConnect.Create(SpId, Secret, CmppVersion.V30, DateTime.Now, 1));
        Assert.Equal(CmppConnectStatus.Other, Assert.IsType<CmppConnectResp>(await sp.ReceiveAsync()).Status);
    }

    [Fact]
    public async Task A_submit_before_connect_closes_the_link()
    {
        await using var sp = await RawSp.OpenAsync(_ismg.Endpoint);
        await sp.SendAsync(WakeUp(1));
        Assert.Null(await sp.ReceiveAsync());
        Assert.Equal(0, _ismg.SubmitCount);
    }

    [Fact]
    public async Task Flow_control_answers_result_8_above_the_rate()
    {
        _ismg.Faults.FlowControlRate = 3;
        await using var sp = await RawSp.ConnectAsync(_ismg.Endpoint, SpId, Secret, CmppVersion.V30);
        for (uint i = 0; i < 5; i++)
            await sp.SendAsync(WakeUp(10 + i, registeredDelivery: 0));
        var results = new List<uint>();
        for (var i = 0; i < 5; i++)
            results.Add((await sp.ReceiveAsync<CmppSubmitResp>()).Result);
        Assert.Equal([0u, 0u, 0u, 8u, 8u], results);
        Assert.Equal(2, _ismg.ThrottledCount);
    }

    [Fact]
    public async Task Bad_submits_get_their_result_codes_and_a_broken_body_gets_result_1()
    {
        await using var sp = await RawSp.ConnectAsync(_ismg.Endpoint, SpId, Secret, CmppVersion.V30);
        await sp.SendAsync(WakeUp(2, msgSrc: "111111"));
        Assert.Equal(CmppSubmitResult.InvalidMsgSrc, (await sp.ReceiveAsync<CmppSubmitResp>()).Result);

        var bytes = CmppCodec.ToArray(WakeUp(3), CmppVersion.V30);
        bytes[^31] = 0x7F; // Msg_Length (before 10 content bytes and the 20-byte LinkID) beyond the frame
        await sp.SendRawAsync(bytes);
        var resp = await sp.ReceiveAsync<CmppSubmitResp>();
        Assert.Equal((3u, CmppSubmitResult.InvalidStructure), (resp.SequenceId, resp.Result));
    }

    [Fact]
    public async Task A_bad_total_length_closes_the_link()
    {
        await using var sp = await RawSp.ConnectAsync(_ismg.Endpoint, SpId, Secret, CmppVersion.V30);
        await sp.SendRawAsync([0, 0, 0, 5, 0, 0, 0, 8, 0, 0, 0, 1]);
        Assert.Null(await sp.ReceiveAsync());
    }

    [Fact]
    public async Task Drops_the_link_at_every_nth_pdu_and_resends_unacknowledged_reports_on_the_next_link()
    {
        await using (var sp = await RawSp.ConnectAsync(_ismg.Endpoint, SpId, Secret, CmppVersion.V30))
        {
            _ismg.Faults.DropEveryPdus = 3; // CONNECT, SUBMIT, then the third PDU is dropped
            await sp.SendAsync(WakeUp(2));
            var resp = await sp.ReceiveAsync<CmppSubmitResp>();
            var report = await sp.ReceiveAsync<CmppDeliver>(); // not acknowledged
            Assert.Equal(resp.MsgId, report.Report!.MsgId);
            await sp.SendAsync(new CmppActiveTest { SequenceId = 3 });
            Assert.Null(await sp.ReceiveAsync());
        }
        Assert.Equal(1, _ismg.Drops);
        _ismg.Faults.DropEveryPdus = 0;

        await WaitUntil(() => _ismg.OpenLinks == 0);
        await using var again = await RawSp.ConnectAsync(_ismg.Endpoint, SpId, Secret, CmppVersion.V20);
        var resent = await again.ReceiveAsync<CmppDeliver>();
        Assert.Equal(CmppStat.Delivered, resent.Report!.Stat);
        Assert.Equal(Assert.Single(_ismg.Submits).MsgId, resent.Report.MsgId);
    }

    [Fact]
    public async Task Delays_responses_when_told()
    {
        _ismg.Faults.ResponseDelay = TimeSpan.FromMilliseconds(300);
        await using var sp = await RawSp.ConnectAsync(_ismg.Endpoint, SpId, Secret, CmppVersion.V30);
        var clock = Stopwatch.StartNew();
        await sp.SendAsync(new CmppActiveTest { SequenceId = 5 });
        Assert.Equal(5u, (await sp.ReceiveAsync<CmppActiveTestResp>()).SequenceId);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(280), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task Active_test_goes_both_ways_and_mo_is_delivered_on_demand()
    {
        await using var sp = await RawSp.ConnectAsync(_ismg.Endpoint, SpId, Secret, CmppVersion.V30);
        await sp.SendAsync(new CmppActiveTest { SequenceId = 7 });
        Assert.Equal(7u, (await sp.ReceiveAsync<CmppActiveTestResp>()).SequenceId);
        Assert.Equal(1, _ismg.ActiveTestsReceived);

        Assert.Equal(1, _ismg.SendActiveTest());
        var test = Assert.IsType<CmppActiveTest>(await sp.ReceiveAsync());
        await sp.SendAsync(new CmppActiveTestResp { SequenceId = test.SequenceId });
        await WaitUntil(() => _ismg.ActiveTestRespsReceived == 1);

        _ismg.SendMo(SpId, new CmppMoMessage("8613900000001", "10657", "INFO"u8.ToArray(), CmppMsgFmt.Ascii));
        var mo = await sp.ReceiveAsync<CmppDeliver>();
        Assert.False(mo.IsStatusReport);
        Assert.Equal(("8613900000001", "10657", "INFO"), (mo.SrcTerminalId, mo.DestId, System.Text.Encoding.ASCII.GetString(mo.MsgContent.Span)));
        Assert.Equal(1, _ismg.MoSent);
    }

    [Fact]
    public async Task Terminate_goes_both_ways()
    {
        await using (var sp = await RawSp.ConnectAsync(_ismg.Endpoint, SpId, Secret, CmppVersion.V30))
        {
            await sp.SendAsync(new CmppTerminate { SequenceId = 9 });
            Assert.Equal(9u, Assert.IsType<CmppTerminateResp>(await sp.ReceiveAsync()).SequenceId);
            Assert.Null(await sp.ReceiveAsync());
        }

        await using var other = await RawSp.ConnectAsync(_ismg.Endpoint, SpId, Secret, CmppVersion.V30);
        var terminating = _ismg.TerminateAllAsync(TimeSpan.FromSeconds(5));
        var terminate = Assert.IsType<CmppTerminate>(await other.ReceiveAsync());
        await other.SendAsync(new CmppTerminateResp { SequenceId = terminate.SequenceId });
        await terminating;
        Assert.Null(await other.ReceiveAsync());
    }

    private static async Task<CmppPdu?> ReceiveOrNothing(RawSp sp, TimeSpan wait)
    {
        try
        {
            return await sp.ReceiveAsync(wait);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "condition not met within 10 s");
            await Task.Delay(10);
        }
    }
}
