using System.Diagnostics;
using System.Text;
using Tsm.Protocol.Sms.Smpp;

namespace Tsm.Protocol.Tests.Sms;

/// <summary>What independent SMSCs and ESMEs found: error responses without a body, and receipts read in bounded time.</summary>
public sealed class SmppConformanceTests
{
    /// <summary>SMPP 3.4 §3.2.1.3 and §4.4.2: "the submit_sm_resp PDU body is not returned" when command_status is not 0.</summary>
    [Theory]
    [InlineData(SmppStatus.RTHROTTLED)]
    [InlineData(SmppStatus.RX_T_APPN)]
    public void A_response_with_an_error_status_has_no_body(uint status)
    {
        var submitResp = SmppCodec.ToArray(new SubmitSmResp { MessageId = "ABC", Status = status, Sequence = 7 });
        Assert.Equal(16, submitResp.Length);
        Assert.Equal("00000010" + "80000004" + status.ToString("X8", System.Globalization.CultureInfo.InvariantCulture) + "00000007", Convert.ToHexString(submitResp));
        Assert.Equal(16, SmppCodec.ToArray(new DeliverSmResp { Status = status, Sequence = 7 }).Length);
        // §4.1.2: neither does a refused bind_transceiver_resp carry system_id.
        Assert.Equal(16, SmppCodec.ToArray(new BindResp { Mode = SmppBindMode.Transceiver, SystemId = "SMSC", Status = SmppStatus.RINVPASWD, Sequence = 1 }).Length);
        // With status 0 the body is there: message_id's NUL at least.
        Assert.Equal(17, SmppCodec.ToArray(new DeliverSmResp { Sequence = 7 }).Length);
        Assert.Equal(20, SmppCodec.ToArray(new SubmitSmResp { MessageId = "ABC", Sequence = 7 }).Length);
    }

    [Fact]
    public void A_body_less_error_response_decodes()
    {
        var bytes = SmppCodec.ToArray(new SubmitSmResp { MessageId = "ABC", Status = SmppStatus.RTHROTTLED, Sequence = 7 });
        var buffer = new System.Buffers.ReadOnlySequence<byte>(bytes);
        Assert.True(SmppCodec.TryReadFrame(ref buffer, out var header, out var body));
        var pdu = Assert.IsType<SubmitSmResp>(SmppCodec.Decode(header, body));
        Assert.Equal((SmppStatus.RTHROTTLED, "", 7u), (pdu.Status, pdu.MessageId, pdu.Sequence));
    }

    /// <summary>
    /// A 64 KB receipt text of " id:" repeated (the codec's limit is 70,000 octets) took seconds when each field rescanned
    /// the rest of the text; now one pass over at most <see cref="SmppDeliveryReceipt.MaxTextLength"/> octets. The bound
    /// below is generous (a busy machine), the old parser took 11 s.
    /// </summary>
    [Fact]
    public void A_hostile_64_KB_receipt_text_is_read_in_bounded_time()
    {
        var hostile = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(" id:", 16 * 1024)));
        Assert.Equal(64 * 1024, hostile.Length);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 10; i++)
            Assert.False(SmppDeliveryReceipt.TryParseText(hostile, out _));
        var valid = Encoding.ASCII.GetBytes("id:42 sub:001 dlvrd:001 submit date:2501011200 done date:2501011205 stat:DELIVRD err:000 text:" + new string('x', 64 * 1024));
        Assert.True(SmppDeliveryReceipt.TryParseText(valid, out var receipt));
        clock.Stop();
        Assert.Equal(("42", SmppMessageState.Delivered), (receipt!.MessageId, receipt.State));
        Assert.True(receipt.Text!.Length < SmppDeliveryReceipt.MaxTextLength);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"11 hostile receipts took {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public void A_receipt_past_the_read_limit_keeps_the_fields_before_it()
    {
        var padded = Encoding.ASCII.GetBytes(new string(' ', SmppDeliveryReceipt.MaxTextLength - 30) + "id:7 stat:UNDELIV err:1 text:hello world");
        Assert.True(SmppDeliveryReceipt.TryParseText(padded, out var receipt));
        Assert.Equal(("7", SmppMessageState.Undeliverable, "1"), (receipt!.MessageId, receipt.State, receipt.Error));
        Assert.Equal("h", receipt.Text); // the text stops at the limit
    }
}
