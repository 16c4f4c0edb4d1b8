using System.Text;
using Tsm.Protocol.Sms.Smpp;

namespace Tsm.Protocol.Tests.Sms;

/// <summary>Delivery receipts (SMPP 3.4 App. B) as SMSCs really write them, and message id matching.</summary>
public sealed class SmppReceiptTests
{
    [Fact]
    public void The_appendix_b_text_form_parses()
    {
        Assert.True(SmppDeliveryReceipt.TryParseText(
            "id:0123456789 sub:001 dlvrd:001 submit date:2501011200 done date:2501011205 stat:DELIVRD err:000 text:Hello world"u8, out var r));
        Assert.Equal("0123456789", r!.MessageId);
        Assert.Equal(SmppMessageState.Delivered, r.State);
        Assert.Equal(1, r.Submitted);
        Assert.Equal(1, r.Delivered);
        Assert.Equal("2501011200", r.SubmitDate);
        Assert.Equal("2501011205", r.DoneDate);
        Assert.Equal("000", r.Error);
        Assert.Equal("Hello world", r.Text);
        Assert.True(r.IsFinal);
    }

    [Theory]
    [InlineData("ID:ab12 SUB:1 DLVRD:0 SUBMIT DATE:2501011200 DONE DATE:2501011201 STAT:undeliv ERR:34 TEXT:", "ab12", SmppMessageState.Undeliverable)]
    [InlineData("id:77 stat:EXPIRED", "77", SmppMessageState.Expired)]
    [InlineData("id:1 sub:001 dlvrd:000 submit date:2501011200 done date:2501011201 stat:REJECTD err:001", "1", SmppMessageState.Rejected)]
    [InlineData("id:9 stat:ACCEPTD err:0", "9", SmppMessageState.Accepted)]
    [InlineData("id:9 stat:WHATEVER", "9", SmppMessageState.Unknown)]
    public void Variants_parse(string text, string id, SmppMessageState state)
    {
        Assert.True(SmppDeliveryReceipt.TryParseText(Encoding.ASCII.GetBytes(text), out var r));
        Assert.Equal(id, r!.MessageId);
        Assert.Equal(state, r.State);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("stat:DELIVRD")]
    [InlineData("id: stat:DELIVRD")]
    public void Text_without_an_id_and_a_stat_is_not_a_receipt(string text) =>
        Assert.False(SmppDeliveryReceipt.TryParseText(Encoding.ASCII.GetBytes(text), out _));

    [Fact]
    public void The_tlvs_win_over_the_text()
    {
        var pdu = new DeliverSm
        {
            EsmClass = SmppEsmClass.DeliveryReceipt,
            ShortMessage = "id:6699 sub:001 dlvrd:001 submit date:2501011200 done date:2501011201 stat:DELIVRD err:000 text:"u8.ToArray(),
            Tlvs = [SmppTlv.FromCString(SmppTlvTag.ReceiptedMessageId, "1A2B"), SmppTlv.FromByte(SmppTlvTag.MessageState, (byte)SmppMessageState.Undeliverable)],
        };
        Assert.True(SmppDeliveryReceipt.TryFrom(pdu, out var r));
        Assert.Equal("1A2B", r!.MessageId);
        Assert.Equal(SmppMessageState.Undeliverable, r.State);
        Assert.True(r.FromTlvs);
        Assert.Equal("000", r.Error); // the rest still comes from the text
    }

    [Fact]
    public void A_receipt_of_tlvs_alone_is_enough()
    {
        var pdu = new DeliverSm
        {
            EsmClass = SmppEsmClass.DeliveryReceipt,
            Tlvs = [SmppTlv.FromCString(SmppTlvTag.ReceiptedMessageId, "abc"), SmppTlv.FromByte(SmppTlvTag.MessageState, 2)],
        };
        Assert.True(SmppDeliveryReceipt.TryFrom(pdu, out var r));
        Assert.Equal(SmppMessageState.Delivered, r!.State);
        Assert.Equal("DELIVRD", r.Stat);
    }

    [Fact]
    public void A_message_that_is_not_a_receipt_is_not_read_as_one()
    {
        var mo = new DeliverSm { ShortMessage = "id:1 stat:DELIVRD"u8.ToArray() };
        Assert.False(SmppDeliveryReceipt.TryFrom(mo, out _));
    }

    [Theory]
    [InlineData("1A2B", "6699")] // hex in submit_sm_resp, decimal in the receipt
    [InlineData("6699", "1A2B")]
    [InlineData("1a2b", "00001A2B")] // case and zero padding
    [InlineData("0000000042", "42")]
    [InlineData("5F3A00000001", "104702712741889")]
    public void Message_ids_match_across_forms(string submitted, string receipt) =>
        Assert.True(SmppMessageIds.Match(submitted, receipt));

    [Theory]
    [InlineData("1A2B", "1A2C")]
    [InlineData("abc", "abd")]
    public void Different_ids_do_not_match(string submitted, string receipt) =>
        Assert.False(SmppMessageIds.Match(submitted, receipt));

    [Fact]
    public void The_text_an_smsc_writes_reads_back()
    {
        var receipt = new SmppDeliveryReceipt("5F3A0001", SmppMessageState.Delivered, "DELIVRD", "000", 1, 1, "2501011200", "2501011201", "", false);
        Assert.True(SmppDeliveryReceipt.TryParseText(Encoding.ASCII.GetBytes(receipt.ToText()), out var back));
        Assert.Equal(receipt with { Text = "" }, back! with { Text = "" });
    }
}
