using System.Text.Json;
using Tsm.Protocol.Sms.Cmpp;

namespace Tsm.Simulator.Tests.Cli;

/// <summary><c>pdu decode --protocol cmpp20|cmpp30 HEX</c>: one JSON object with the spec's field names.</summary>
public sealed class CmppPduDecodeTests
{
    private static JsonElement Decode(string protocol, string hex)
    {
        var result = CliResult.Run("pdu", "decode", "--protocol", protocol, hex);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonDocument.Parse(result.Stdout).RootElement;
    }

    [Fact]
    public void A_connect_shows_its_fields_with_the_authenticator_in_hex()
    {
        // CONNECT of SP 901234 at 0102030405, CMPP 3.0 (the vector of docs/sms.md "CMPP 2.0 / 3.0" written out in the codec tests).
        var json = Decode("cmpp30", "00000027 00000001 00000001 393031323334 AD41437AD09D02B2F849030AB606C960 30 0614DC45");

        Assert.Equal("CMPP_CONNECT", json.GetProperty("command").GetString());
        Assert.Equal("0x00000001", json.GetProperty("commandId").GetString());
        Assert.Equal(1, json.GetProperty("sequence").GetInt32());
        Assert.False(json.TryGetProperty("status", out _));
        var fields = json.GetProperty("fields");
        Assert.Equal("901234", fields.GetProperty("Source_Addr").GetString());
        Assert.Equal("AD41437AD09D02B2F849030AB606C960", fields.GetProperty("AuthenticatorSource").GetString());
        Assert.Equal(0x30, fields.GetProperty("Version").GetInt32());
        Assert.Equal(102030405, fields.GetProperty("Timestamp").GetInt64());
    }

    [Theory]
    [InlineData("cmpp20", CmppVersion.V20)]
    [InlineData("cmpp30", CmppVersion.V30)]
    public void A_submit_shows_the_destinations_as_an_array_and_the_content_in_hex(string protocol, CmppVersion version)
    {
        var submit = new CmppSubmit
        {
            SequenceId = 16,
            RegisteredDelivery = 1,
            ServiceId = "TSMPUSH",
            TpUdhi = 1,
            MsgFmt = 4,
            MsgSrc = "901234",
            SrcId = "10657",
            DestTerminalIds = ["8613900000000", "8613900000001"],
            MsgContent = new byte[] { 0x06, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0, 0xAB },
            LinkId = "L1",
        };
        var json = Decode(protocol, Convert.ToHexString(CmppCodec.ToArray(submit, version)));

        Assert.Equal("CMPP_SUBMIT", json.GetProperty("command").GetString());
        Assert.Equal("0x00000004", json.GetProperty("commandId").GetString());
        var fields = json.GetProperty("fields");
        Assert.Equal(["8613900000000", "8613900000001"], fields.GetProperty("Dest_terminal_Id").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, fields.GetProperty("DestUsr_tl").GetInt32());
        Assert.Equal("0605040B8423F0AB", fields.GetProperty("Msg_Content").GetString());
        Assert.Equal("TSMPUSH", fields.GetProperty("Service_Id").GetString()); // no NUL padding
        Assert.Equal("0000000000000000", fields.GetProperty("Msg_Id").GetString());
        Assert.Equal(4, fields.GetProperty("Msg_Fmt").GetInt32());
        Assert.Equal(version == CmppVersion.V30, fields.TryGetProperty("LinkID", out _));
        Assert.Equal(version == CmppVersion.V20, fields.TryGetProperty("Reserve", out _));
        Assert.Equal(version == CmppVersion.V30, fields.TryGetProperty("Dest_terminal_type", out _));
    }

    [Fact]
    public void A_status_report_deliver_is_decoded_under_report()
    {
        var report = new CmppStatusReport(new CmppMsgId(0x37A9EB412345BEEF), "DELIVRD", "2501020304", "2501020305", "8613900000000", 42);
        var deliver = CmppDeliver.ForReport(report, CmppVersion.V20, new CmppMsgId(1), "10657", "TSMPUSH", 5);
        var json = Decode("cmpp20", Convert.ToHexString(CmppCodec.ToArray(deliver, CmppVersion.V20)));

        Assert.Equal("CMPP_DELIVER", json.GetProperty("command").GetString());
        Assert.Equal(1, json.GetProperty("fields").GetProperty("Registered_Delivery").GetInt32());
        Assert.Equal(60, json.GetProperty("fields").GetProperty("Msg_Length").GetInt32());
        var r = json.GetProperty("report");
        Assert.Equal("37A9EB412345BEEF", r.GetProperty("Msg_Id").GetString());
        Assert.Equal("DELIVRD", r.GetProperty("Stat").GetString());
        Assert.Equal("8613900000000", r.GetProperty("Dest_terminal_Id").GetString());
        Assert.Equal(42, r.GetProperty("SMSC_sequence").GetInt32());
    }

    [Theory]
    [InlineData("cmpp20", "00000015 80000004 00000009 0123456789ABCDEF 08")]
    [InlineData("cmpp30", "00000018 80000004 00000009 0123456789ABCDEF 00000008")]
    public void A_submit_resp_has_its_result_as_status(string protocol, string hex)
    {
        var json = Decode(protocol, hex);
        Assert.Equal("CMPP_SUBMIT_RESP", json.GetProperty("command").GetString());
        Assert.Equal("0x80000004", json.GetProperty("commandId").GetString());
        Assert.Equal(8, json.GetProperty("status").GetInt32());
        Assert.Equal("0123456789ABCDEF", json.GetProperty("fields").GetProperty("Msg_Id").GetString());
        Assert.Equal(8, json.GetProperty("fields").GetProperty("Result").GetInt32());
    }

    /// <summary>CMPP 2.0 CMPP_FWD and FWD_RESP are decoded under the spec's names (they were a raw body before).</summary>
    [Fact]
    public void A_cmpp20_fwd_and_its_response_show_their_fields()
    {
        var fwd = new CmppFwd
        {
            SequenceId = 3,
            SourceId = "000123",
            DestinationId = "000456",
            NodesCount = 2,
            MsgFwdType = 1,
            MsgId = new CmppMsgId(0x0123456789ABCDEF),
            ServiceId = "TSM",
            TpUdhi = 1,
            MsgFmt = CmppMsgFmt.Binary,
            SrcId = "8613900000001",
            DestIds = ["10657", "10658"],
            MsgContent = new byte[] { 0x06, 0x05, 0x04, 0x3F, 0x11, 0x00, 0x00 },
        };
        var json = Decode("cmpp20", Convert.ToHexString(CmppCodec.ToArray(fwd, CmppVersion.V20)));
        Assert.Equal(("CMPP_FWD", "0x00000009", 3), (json.GetProperty("command").GetString(), json.GetProperty("commandId").GetString(), json.GetProperty("sequence").GetInt32()));
        var fields = json.GetProperty("fields");
        Assert.Equal("000123", fields.GetProperty("Source_Id").GetString());
        Assert.Equal("000456", fields.GetProperty("Destination_Id").GetString());
        Assert.Equal(2, fields.GetProperty("NodesCount").GetInt32());
        Assert.Equal(1, fields.GetProperty("Msg_Fwd_Type").GetInt32());
        Assert.Equal("0123456789ABCDEF", fields.GetProperty("Msg_Id").GetString());
        Assert.Equal(["10657", "10658"], fields.GetProperty("Dest_Id").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("0605043F110000", fields.GetProperty("Msg_Content").GetString());

        var resp = Decode("cmpp20", Convert.ToHexString(CmppCodec.ToArray(new CmppFwdResp { SequenceId = 3, MsgId = new CmppMsgId(1), Result = 2 }, CmppVersion.V20)));
        Assert.Equal(("CMPP_FWD_RESP", 2), (resp.GetProperty("command").GetString(), resp.GetProperty("status").GetInt32()));
        Assert.Equal(2, resp.GetProperty("fields").GetProperty("Result").GetInt32());
    }

    [Fact]
    public void Query_and_cancel_show_their_fields()
    {
        var query = Decode("cmpp30", Convert.ToHexString(CmppCodec.ToArray(new CmppQuery { SequenceId = 4, Time = "20260601", QueryType = 1, QueryCode = "TSM" }, CmppVersion.V30)));
        Assert.Equal(("CMPP_QUERY", "20260601", "TSM"), (query.GetProperty("command").GetString(), query.GetProperty("fields").GetProperty("Time").GetString(), query.GetProperty("fields").GetProperty("Query_Code").GetString()));
        var cancel = Decode("cmpp30", Convert.ToHexString(CmppCodec.ToArray(new CmppCancelResp { SequenceId = 5, SuccessId = 1 }, CmppVersion.V30)));
        Assert.Equal(("CMPP_CANCEL_RESP", 1, 1), (cancel.GetProperty("command").GetString(), cancel.GetProperty("status").GetInt32(), cancel.GetProperty("fields").GetProperty("Success_Id").GetInt32()));
    }

    [Theory]
    [InlineData("0000000B 00000008 00000001", "below the 12-byte header")]
    [InlineData("0000000C 00000003 00000001", "unknown Command_Id")]
    [InlineData("00000027 00000001 00000001 3930", "does not match")]
    public void A_malformed_pdu_prints_a_clear_error_and_exits_2(string hex, string message)
    {
        var result = CliResult.Run("pdu", "decode", "--protocol", "cmpp30", hex);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("malformed cmpp30 PDU", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }
}
