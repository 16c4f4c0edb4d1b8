using Tsm.Gateway.Sms.Links;
using Tsm.Gateway.Sms.Smpp;
using Tsm.Protocol.Sms.Smpp;
using Tsm.Testing;

namespace Tsm.Gateway.Tests.Sms;

/// <summary>Our ESME against an independent SMSC: node-smpp 0.5.1 (tests/interop/smsc.js) on 127.0.0.1.</summary>
public sealed class NodeSmppInteropTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [SkippableFact]
    public async Task Our_esme_submits_gets_receipts_and_mo_from_a_node_smpp_smsc()
    {
        Skip.If(NodeInterop.Node is null, NodeInterop.SkipReason);
        var port = LoopbackPort.Free();
        using var smsc = NodeInterop.Start("smsc.js", port.ToString(System.Globalization.CultureInfo.InvariantCulture), SmppKit.SystemId, SmppKit.Password);
        await smsc.WaitForAsync("listening", Wait);

        var handler = new RecordingHandler();
        await using var esme = new SmppEsme(SmppKit.Account(port), handler, new ListLogger());
        esme.Start();
        await esme.WaitUntilBoundAsync().WaitAsync(Wait);
        Assert.True((await smsc.WaitForAsync("bind", Wait)).GetProperty("ok").GetBoolean());

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => esme.SubmitAsync(SmppKit.WakeUp(i)))).WaitAsync(Wait);
        Assert.All(results, r => Assert.True(r.Accepted));
        for (var i = 0; i < 5; i++)
        {
            var submit = await smsc.WaitForAsync("submit", Wait);
            Assert.Equal("8613900000000", submit.GetProperty("destination_addr").GetString());
            Assert.Equal(0x40, submit.GetProperty("esm_class").GetInt32());
            Assert.Equal(4, submit.GetProperty("data_coding").GetInt32());
        }

        // node-smpp's SMSC writes receipt ids in decimal; submit_sm_resp gave hex.
        var reports = await handler.TakeAsync(handler.Reports, 5, Wait);
        foreach (var result in results)
            Assert.Single(reports, r => SmppMessageIds.Match(result.MessageId!, r.MessageId) && r.State == SmsDeliveryState.Delivered);

        smsc.WriteLine("mo 8613900000000 10657 SYNC please");
        var mo = Assert.Single(await handler.TakeAsync(handler.Messages, 1, Wait));
        Assert.Equal("8613900000000", mo.Source);
        Assert.Equal("SYNC please", System.Text.Encoding.ASCII.GetString(mo.UserData.Span));
        Assert.Equal(0, (await smsc.WaitForAsync("deliver_resp", Wait)).GetProperty("status").GetInt32());

        await esme.StopAsync().WaitAsync(Wait);
        await smsc.WaitForAsync("unbind", Wait);
    }

    [SkippableFact]
    public async Task A_wrong_password_is_refused_by_node_smpp_and_retried()
    {
        Skip.If(NodeInterop.Node is null, NodeInterop.SkipReason);
        var port = LoopbackPort.Free();
        using var smsc = NodeInterop.Start("smsc.js", port.ToString(System.Globalization.CultureInfo.InvariantCulture), SmppKit.SystemId, SmppKit.Password);
        await smsc.WaitForAsync("listening", Wait);
        var logger = new ListLogger();
        await using var esme = new SmppEsme(SmppKit.Account(port, a => a.Password = "nope"), new RecordingHandler(), logger);
        esme.Start();
        Assert.False((await smsc.WaitForAsync("bind", Wait)).GetProperty("ok").GetBoolean());
        Assert.False((await smsc.WaitForAsync("bind", Wait)).GetProperty("ok").GetBoolean());
        Assert.Contains(logger.Lines, l => l.Contains(SmppStatus.Name(SmppStatus.RINVPASWD), StringComparison.Ordinal));
    }
}
