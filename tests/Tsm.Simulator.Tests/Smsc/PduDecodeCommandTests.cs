using System.Text.Json;
using Tsm.Protocol;
using Tsm.Protocol.Sms.Smpp;
using Tsm.Simulator.Cli;
using Tsm.Simulator.Tests.Cli;

namespace Tsm.Simulator.Tests.Smsc;

/// <summary><c>pdu decode --protocol smpp34 HEX</c> as QA uses it (issue #6 item 7).</summary>
public sealed class PduDecodeCommandTests
{
    private const string WakeUp =
        "0000004E000000040000000000000001000000313036353700010138363133393030303030303030004000000000010004001B" +
        "0605040B8423F08600000000000000000100000000000000000001";

    [Fact]
    public void The_wake_up_submit_sm_decodes_to_spec_names()
    {
        var result = CliResult.Run("pdu", "decode", "--protocol", "smpp34", WakeUp);
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("submit_sm", root.GetProperty("command").GetString());
        Assert.Equal("0x00000004", root.GetProperty("commandId").GetString());
        Assert.Equal(1, root.GetProperty("sequence").GetInt32());
        Assert.Equal(0, root.GetProperty("status").GetInt32());
        var fields = root.GetProperty("fields");
        Assert.Equal("", fields.GetProperty("service_type").GetString());
        Assert.Equal("10657", fields.GetProperty("source_addr").GetString());
        Assert.Equal("8613900000000", fields.GetProperty("destination_addr").GetString());
        Assert.Equal(1, fields.GetProperty("dest_addr_ton").GetInt32());
        Assert.Equal(64, fields.GetProperty("esm_class").GetInt32());
        Assert.Equal(4, fields.GetProperty("data_coding").GetInt32());
        Assert.Equal(27, fields.GetProperty("sm_length").GetInt32());
        Assert.Equal(WakeUp[^54..], fields.GetProperty("short_message").GetString());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("tlvs").ValueKind);
        Assert.False(root.TryGetProperty("report", out _));
    }

    [Fact]
    public void A_receipt_shows_tlvs_by_name_and_the_report()
    {
        var receipt = new DeliverSm
        {
            Sequence = 9,
            Source = SmppAddress.International("8613900000000"),
            Destination = SmppAddress.Unknown("10657"),
            EsmClass = SmppEsmClass.DeliveryReceipt,
            ShortMessage = "id:6699 sub:001 dlvrd:001 submit date:2501011200 done date:2501011201 stat:DELIVRD err:000 text:"u8.ToArray(),
            Tlvs = [SmppTlv.FromCString(SmppTlvTag.ReceiptedMessageId, "1A2B"), SmppTlv.FromByte(SmppTlvTag.MessageState, 2), new SmppTlv(SmppTlvTag.NetworkErrorCode, new byte[] { 3, 0, 0 })],
        };
        var result = CliResult.Run("pdu", "decode", "--protocol", "smpp34", Hex.Format(SmppCodec.ToArray(receipt)));
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("deliver_sm", root.GetProperty("command").GetString());
        var tlvs = root.GetProperty("tlvs");
        Assert.Equal("1A2B", tlvs.GetProperty("receipted_message_id").GetString());
        Assert.Equal(2, tlvs.GetProperty("message_state").GetInt32());
        Assert.Equal("030000", tlvs.GetProperty("network_error_code").GetString());
        var report = root.GetProperty("report");
        Assert.Equal("1A2B", report.GetProperty("id").GetString());
        Assert.Equal("DELIVRD", report.GetProperty("stat").GetString());
        Assert.Equal("2501011200", report.GetProperty("submit_date").GetString());
        Assert.Equal(1, report.GetProperty("dlvrd").GetInt32());
    }

    [Fact]
    public void Responses_and_lists_decode()
    {
        var resp = new SubmitMultiResp { MessageId = "M1", Sequence = 4, Unsuccessful = [new SmppUnsuccessfulSme(SmppAddress.International("861"), SmppStatus.RINVDSTADR)] };
        var result = CliResult.Run("pdu", "decode", "--protocol", "smpp34", Hex.Format(SmppCodec.ToArray(resp)));
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("0x80000021", json.RootElement.GetProperty("commandId").GetString());
        var fields = json.RootElement.GetProperty("fields");
        Assert.Equal(1, fields.GetProperty("no_unsuccess").GetInt32());
        Assert.Equal(11, fields.GetProperty("unsuccess_sme")[0].GetProperty("error_status_code").GetInt32());
        Assert.Equal("861", fields.GetProperty("unsuccess_sme")[0].GetProperty("destination_addr").GetString());
    }

    [Theory]
    [InlineData("00000010 00000777 00000000 00000001", "ESME_RINVCMDID")]
    [InlineData("00000008 00000015 00000000", "ESME_RINVCMDLEN")]
    [InlineData("0000001A 00000015 00000000 00000001", "truncated")]
    [InlineData("0000004E00000004", "truncated")]
    [InlineData("zz", "not hex")]
    public void Malformed_input_prints_a_clear_error_and_exits_2(string hex, string expected)
    {
        var result = CliResult.Run("pdu", "decode", "--protocol", "smpp34", hex);
        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_protocol_is_a_usage_error()
    {
        var result = CliResult.Run("pdu", "decode", "--protocol", "smpp99", "00");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("smpp34", result.Stderr, StringComparison.Ordinal);
    }
}
