using System.Security.Cryptography;
using System.Text;
using Tsm.Protocol.Sms.Cmpp;

namespace Tsm.Protocol.Tests.Sms.Cmpp;

/// <summary>
/// Byte-exact vectors written from the spec facts in docs/sms.md "CMPP 2.0 / 3.0", not from the encoder's output. The MD5 values
/// were also computed with Python's hashlib, a second implementation.
/// </summary>
public sealed class CmppVectorTests
{
    private const string SpId = "901234";
    private const string Secret = "Tsm-Secret";
    private const uint Timestamp = 0102030405; // 2 January 03:04:05 as MMDDHHMMSS

    /// <summary>The wake-up content: UDH 06 05 04 dst src (16-bit ports, docs/sms.md "User data headers"), then 20 bytes: 27 in all.</summary>
    private static readonly byte[] WakeUp =
        [0x06, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0, .. Enumerable.Range(1, 20).Select(i => (byte)i)];

    private static byte[] ExpectedAuthenticatorSource()
    {
        // MD5(Source_Addr + 9 zero bytes + shared secret + "MMDDHHMMSS")
        var input = Encoding.ASCII.GetBytes(SpId).Concat(new byte[9]).Concat(Encoding.ASCII.GetBytes(Secret))
            .Concat(Encoding.ASCII.GetBytes("0102030405")).ToArray();
        return MD5.HashData(input);
    }

    [Fact]
    public void AuthenticatorSource_is_the_md5_of_the_documented_concatenation()
    {
        var expected = ExpectedAuthenticatorSource();
        Assert.Equal("AD41437AD09D02B2F849030AB606C960", Convert.ToHexString(expected)); // hashlib
        Assert.Equal(expected, CmppAuthenticator.ComputeSource(SpId, Secret, Timestamp));
    }

    [Fact]
    public void Timestamp_is_MMDDHHMMSS_as_a_number_and_keeps_its_leading_zero_in_text()
    {
        Assert.Equal(102030405u, CmppAuthenticator.Timestamp(new DateTime(2025, 1, 2, 3, 4, 5)));
        Assert.Equal(1231235959u, CmppAuthenticator.Timestamp(new DateTime(2025, 12, 31, 23, 59, 59)));
        Assert.Equal("0102030405", CmppAuthenticator.TimestampText(102030405));
    }

    [Fact]
    public void Connect_is_39_bytes_laid_out_as_the_spec_says()
    {
        var connect = CmppConnect.Create(SpId, Secret, CmppVersion.V30, new DateTime(2025, 1, 2, 3, 4, 5), sequenceId: 1);
        var bytes = CmppCodec.ToArray(connect, CmppVersion.V30);

        Assert.Equal(39, bytes.Length);
        Assert.Equal(
            "00000027" + "00000001" + "00000001"     // Total_Length 39, CMPP_CONNECT, Sequence_Id 1
            + "393031323334"                        // Source_Addr "901234"
            + "AD41437AD09D02B2F849030AB606C960"    // AuthenticatorSource
            + "30"                                  // Version 3.0
            + "0614DC45",                           // Timestamp 102030405
            Convert.ToHexString(bytes));
        var expected = new SpecLayout().Octets(SpId, 6).Raw(ExpectedAuthenticatorSource()).U8(0x30).U32(Timestamp).WithHeader(0x1, 1);
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData(CmppVersion.V20, 30, "7CDA3867735D0274B4E5AED4AE465DC6")]
    [InlineData(CmppVersion.V30, 33, "041599D5C5D977C9891F08D07E8FF652")]
    public void Connect_resp_has_a_1_or_4_byte_status_and_the_ismg_authenticator(CmppVersion version, int length, string ismgHex)
    {
        var source = ExpectedAuthenticatorSource();
        var statusBytes = version == CmppVersion.V20 ? new byte[] { 0 } : new byte[4];
        // MD5(Status + AuthenticatorSource + shared secret), Status in its wire width
        var ismg = MD5.HashData([.. statusBytes, .. source, .. Encoding.ASCII.GetBytes(Secret)]);
        Assert.Equal(ismgHex, Convert.ToHexString(ismg)); // hashlib
        Assert.Equal(ismg, CmppAuthenticator.ComputeIsmg(0, source, Secret, version));

        var connect = new CmppConnect { SequenceId = 7, SourceAddr = SpId, AuthenticatorSource = source, Version = (byte)version, Timestamp = Timestamp };
        var bytes = CmppCodec.ToArray(CmppConnectResp.Create(connect, CmppConnectStatus.Ok, Secret, version), version);

        Assert.Equal(length, bytes.Length);
        Assert.Equal(new SpecLayout().Raw(statusBytes).Raw(ismg).U8((byte)version).WithHeader(0x80000001, 7), bytes);
        var decoded = Assert.IsType<CmppConnectResp>(CmppCodec.Decode(bytes, version));
        Assert.Equal(0u, decoded.Status);
        Assert.True(CmppAuthenticator.Verify(ismg, decoded.AuthenticatorIsmg.Span));
    }

    [Fact]
    public void A_refusing_connect_resp_carries_an_empty_authenticator()
    {
        var connect = new CmppConnect { SequenceId = 2, SourceAddr = SpId, AuthenticatorSource = ExpectedAuthenticatorSource(), Version = 0x30, Timestamp = Timestamp };
        var bytes = CmppCodec.ToArray(CmppConnectResp.Create(connect, CmppConnectStatus.AuthenticationFailed, null, CmppVersion.V30), CmppVersion.V30);
        Assert.Equal("00000021" + "80000001" + "00000002" + "00000003" + new string('0', 32) + "30", Convert.ToHexString(bytes));
    }

    private static CmppSubmit WakeUpSubmit() => new()
    {
        SequenceId = 0x10,
        RegisteredDelivery = 1,
        ServiceId = "TSMPUSH",
        FeeUserType = 2,
        FeeTerminalType = 0,
        TpUdhi = 1,
        MsgFmt = CmppMsgFmt.Binary,
        MsgSrc = SpId,
        FeeType = "01",
        FeeCode = "000000",
        SrcId = "10657",
        DestTerminalIds = ["8613900000000"],
        MsgContent = WakeUp,
    };

    [Fact]
    public void Wake_up_submit_is_186_bytes_in_cmpp2_with_the_spec_layout()
    {
        var bytes = CmppCodec.ToArray(WakeUpSubmit(), CmppVersion.V20);

        Assert.Equal(186, bytes.Length);
        Assert.Equal(12 + 117 + 21 * 1 + 1 + 27 + 8, bytes.Length);
        var expected = new SpecLayout()
            .U64(0)                         // Msg_Id (the ISMG assigns it)
            .U8(1).U8(1)                    // Pk_total, Pk_number
            .U8(1)                          // Registered_Delivery
            .U8(0)                          // Msg_level
            .Octets("TSMPUSH", 10)          // Service_Id
            .U8(2)                          // Fee_UserType
            .Octets("", 21)                 // Fee_terminal_Id
            .U8(0)                          // TP_pId
            .U8(1)                          // TP_udhi
            .U8(4)                          // Msg_Fmt: binary
            .Octets(SpId, 6)                // Msg_src
            .Octets("01", 2)                // FeeType
            .Octets("000000", 6)            // FeeCode
            .Octets("", 17)                 // ValId_Time
            .Octets("", 17)                 // At_Time
            .Octets("10657", 21)            // Src_Id
            .U8(1)                          // DestUsr_tl
            .Octets("8613900000000", 21)    // Dest_terminal_Id
            .U8(27)                         // Msg_Length
            .Raw(WakeUp)                    // Msg_Content
            .Octets("", 8)                  // Reserve
            .WithHeader(0x4, 0x10);
        Assert.Equal(expected, bytes);
        Assert.Equal("000000BA0000000400000010", Convert.ToHexString(bytes, 0, 12));
    }

    [Fact]
    public void Wake_up_submit_is_222_bytes_in_cmpp3_with_the_spec_layout()
    {
        var bytes = CmppCodec.ToArray(WakeUpSubmit() with { LinkId = "L1" }, CmppVersion.V30);

        Assert.Equal(222, bytes.Length);
        Assert.Equal(12 + 129 + 32 * 1 + 2 + 27 + 20, bytes.Length);
        var expected = new SpecLayout()
            .U64(0)                         // Msg_Id
            .U8(1).U8(1)                    // Pk_total, Pk_number
            .U8(1)                          // Registered_Delivery
            .U8(0)                          // Msg_level
            .Octets("TSMPUSH", 10)          // Service_Id
            .U8(2)                          // Fee_UserType
            .Octets("", 32)                 // Fee_terminal_Id (32 in 3.0)
            .U8(0)                          // Fee_terminal_type (3.0)
            .U8(0)                          // TP_pId
            .U8(1)                          // TP_udhi
            .U8(4)                          // Msg_Fmt
            .Octets(SpId, 6)                // Msg_src
            .Octets("01", 2)                // FeeType
            .Octets("000000", 6)            // FeeCode
            .Octets("", 17)                 // ValId_Time
            .Octets("", 17)                 // At_Time
            .Octets("10657", 21)            // Src_Id
            .U8(1)                          // DestUsr_tl
            .Octets("8613900000000", 32)    // Dest_terminal_Id (32 in 3.0)
            .U8(0)                          // Dest_terminal_type (3.0)
            .U8(27)                         // Msg_Length
            .Raw(WakeUp)                    // Msg_Content
            .Octets("L1", 20)               // LinkID (3.0)
            .WithHeader(0x4, 0x10);
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData(CmppVersion.V20, 21)]
    [InlineData(CmppVersion.V30, 24)]
    public void Submit_resp_has_the_msg_id_and_a_1_or_4_byte_result(CmppVersion version, int length)
    {
        var resp = new CmppSubmitResp { SequenceId = 9, MsgId = new CmppMsgId(0x0123456789ABCDEF), Result = CmppSubmitResult.FlowControl };
        var bytes = CmppCodec.ToArray(resp, version);
        Assert.Equal(length, bytes.Length);
        var body = new SpecLayout().U64(0x0123456789ABCDEF);
        body = version == CmppVersion.V20 ? body.U8(8) : body.U32(8);
        Assert.Equal(body.WithHeader(0x80000004, 9), bytes);
    }

    [Theory]
    [InlineData(CmppVersion.V20, 60)]
    [InlineData(CmppVersion.V30, 71)]
    public void Status_report_is_60_or_71_bytes_and_a_deliver_carries_it(CmppVersion version, int length)
    {
        var width = version == CmppVersion.V20 ? 21 : 32;
        var content = new SpecLayout()
            .U64(0x1122334455667788)        // Msg_Id from SUBMIT_RESP
            .Octets("DELIVRD", 7)           // Stat
            .Octets("2501020304", 10)       // Submit_time
            .Octets("2501020305", 10)       // Done_time
            .Octets("8613900000000", width) // Dest_terminal_Id
            .U32(42)                        // SMSC_sequence
            .ToArray();
        Assert.Equal(length, content.Length);

        var deliver = new SpecLayout()
            .U64(0x0AAA)                    // Msg_Id of the report itself
            .Octets("10657", 21)            // Dest_Id
            .Octets("TSMPUSH", 10)          // Service_Id
            .U8(0).U8(0).U8(0)              // TP_pid, TP_udhi, Msg_Fmt
            .Octets("8613900000000", width); // Src_terminal_Id
        if (version == CmppVersion.V30)
            deliver.U8(0);                  // Src_terminal_type
        deliver.U8(1)                       // Registered_Delivery: a status report
            .U8((byte)length)               // Msg_Length
            .Raw(content)                   // Msg_Content
            .Octets("", version == CmppVersion.V20 ? 8 : 20); // Reserve | LinkID
        var pdu = deliver.WithHeader(0x5, 77);
        Assert.Equal(version == CmppVersion.V20 ? 145 : 180, pdu.Length);

        var decoded = Assert.IsType<CmppDeliver>(CmppCodec.Decode(pdu, version));
        Assert.Equal(77u, decoded.SequenceId);
        Assert.Equal("10657", decoded.DestId);
        Assert.NotNull(decoded.Report);
        Assert.Equal(new CmppStatusReport(new CmppMsgId(0x1122334455667788), "DELIVRD", "2501020304", "2501020305", "8613900000000", 42), decoded.Report);
        Assert.True(decoded.Report.IsDelivered);

        // And the writer gives the same bytes back.
        var written = CmppDeliver.ForReport(decoded.Report, version, new CmppMsgId(0x0AAA), "10657", "TSMPUSH", 77);
        Assert.Equal(pdu, CmppCodec.ToArray(written, version));
    }

    [Fact]
    public void Msg_id_packs_month_day_hour_minute_second_gateway_and_sequence_msb_first()
    {
        // The bit string written out from the layout: 4 + 5 + 5 + 6 + 6 + 22 + 16 = 64 bits.
        static string Bits(long value, int width) => Convert.ToString(value, 2).PadLeft(width, '0');
        var bits = Bits(3, 4) + Bits(15, 5) + Bits(10, 5) + Bits(30, 6) + Bits(45, 6) + Bits(0x12345, 22) + Bits(0xBEEF, 16);
        Assert.Equal(64, bits.Length);
        var expected = Convert.ToUInt64(bits, 2);

        var id = CmppMsgId.Create(month: 3, day: 15, hour: 10, minute: 30, second: 45, gatewayCode: 0x12345, sequence: 0xBEEF);

        Assert.Equal(expected, id.Value);
        Assert.Equal("37A9EB412345BEEF", id.ToString());
        Assert.Equal((3, 15, 10, 30, 45, 0x12345, (ushort)0xBEEF), (id.Month, id.Day, id.Hour, id.Minute, id.Second, id.GatewayCode, id.Sequence));
        var max = CmppMsgId.Create(12, 31, 23, 59, 59, CmppMsgId.MaxGatewayCode, ushort.MaxValue);
        Assert.Equal((12, 31, 23, 59, 59, CmppMsgId.MaxGatewayCode, ushort.MaxValue), (max.Month, max.Day, max.Hour, max.Minute, max.Second, max.GatewayCode, max.Sequence));
        Assert.Throws<ArgumentOutOfRangeException>(() => CmppMsgId.Create(13, 1, 0, 0, 0, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => CmppMsgId.Create(1, 1, 0, 0, 0, CmppMsgId.MaxGatewayCode + 1, 0));
    }

    [Fact]
    public void Active_test_terminate_and_their_responses_have_the_spec_sizes()
    {
        Assert.Equal("0000000C0000000800000005", Convert.ToHexString(CmppCodec.ToArray(new CmppActiveTest { SequenceId = 5 }, CmppVersion.V20)));
        Assert.Equal("0000000D800000080000000500", Convert.ToHexString(CmppCodec.ToArray(new CmppActiveTestResp { SequenceId = 5 }, CmppVersion.V20)));
        Assert.Equal("0000000C0000000200000006", Convert.ToHexString(CmppCodec.ToArray(new CmppTerminate { SequenceId = 6 }, CmppVersion.V30)));
        Assert.Equal("0000000C8000000200000006", Convert.ToHexString(CmppCodec.ToArray(new CmppTerminateResp { SequenceId = 6 }, CmppVersion.V30)));
    }

    [Fact]
    public void Result_codes_have_names()
    {
        Assert.Equal("flow control", CmppSubmitResult.Name(8));
        Assert.Equal("vendor-defined error", CmppSubmitResult.Name(150));
        Assert.Equal("version too high", CmppConnectStatus.Name(4));
        Assert.Equal("CMPP_ACTIVE_TEST_RESP", CmppCommandId.ActiveTestResp.SpecName());
        Assert.Equal("CMPP_GET_MO_ROUTE_RESP", CmppCommandId.GetMoRouteResp.SpecName());
    }
}
