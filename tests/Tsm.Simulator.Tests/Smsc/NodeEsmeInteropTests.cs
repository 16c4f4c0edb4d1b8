using System.Globalization;
using Tsm.Protocol.Sms.Smpp;
using Tsm.Simulator.Smsc.Smpp;
using Tsm.Testing;

namespace Tsm.Simulator.Tests.Smsc;

/// <summary>An independent ESME (node-smpp 0.5.1, tests/interop/esme.js) against our SMSC simulator on 127.0.0.1.</summary>
public sealed class NodeEsmeInteropTests
{
    [SkippableFact]
    public async Task A_node_smpp_esme_binds_submits_and_gets_receipts_and_mo()
    {
        Skip.If(NodeInterop.Node is null, NodeInterop.SkipReason);
        await using var smsc = new SmppSmsc(new SmppSmscOptions
        {
            Port = 0,
            Accounts = new Dictionary<string, string> { ["node"] = "pw" },
            ReceiptDelay = TimeSpan.FromMilliseconds(10),
        });
        smsc.Start();
        using var esme = NodeInterop.Start("esme.js", smsc.Port.ToString(CultureInfo.InvariantCulture), "node", "pw", "5", "1");
        await esme.WaitForAsync("bound", TimeSpan.FromSeconds(20));
        Assert.Equal(SmppStatus.ROK, await smsc.SendMoTextAsync("node", "8613900000000", "10657", "HELLO SMSC").WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(0, await esme.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var responses = esme.Seen.Where(e => e.GetProperty("event").GetString() == "submit_resp").ToList();
        Assert.Equal(5, responses.Count);
        Assert.All(responses, r => Assert.Equal(0, r.GetProperty("status").GetInt32()));
        var ids = smsc.Submits.Select(s => s.MessageId).ToHashSet();
        Assert.Equal(ids, responses.Select(r => r.GetProperty("message_id").GetString()!).ToHashSet());

        // node-smpp encodes the wake-up exactly as we do: 78 octets, UDHI, 8-bit data, receipt requested.
        Assert.All(smsc.Submits, s =>
        {
            var submit = Assert.IsType<SubmitSm>(s.Pdu);
            Assert.Equal(78, SmppCodec.ToArray(submit).Length);
            Assert.Equal("0605040B8423F0", Protocol.Hex.Format(submit.ShortMessage.Span[..7]));
        });

        var receipts = esme.Seen.Where(e => e.GetProperty("event").GetString() == "receipt").ToList();
        Assert.Equal(ids, receipts.Select(r => r.GetProperty("receipted_message_id").GetString()!).ToHashSet());
        Assert.All(receipts, r => Assert.Contains("stat:DELIVRD", r.GetProperty("text").GetString(), StringComparison.Ordinal));
        var mo = Assert.Single(esme.Seen, e => e.GetProperty("event").GetString() == "mo");
        Assert.Equal("HELLO SMSC", mo.GetProperty("text").GetString());
        Assert.Equal(5, smsc.ReceiptsAcknowledged);
    }
}
