using System.Buffers;
using Tsm.Protocol.Sms.Cmpp;

namespace Tsm.Protocol.Tests.Sms.Cmpp;

/// <summary>
/// CMPP_FWD / FWD_RESP (CMPP 2.0 §7.4.5.4), CMPP_QUERY / QUERY_RESP (§7.4.3.9) and CMPP_CANCEL / CANCEL_RESP (§7.4.3.11):
/// byte layouts written field by field from the spec (docs/sms.md "CMPP 2.0 / 3.0"), round trips, and frames split
/// at every byte boundary.
/// </summary>
public sealed class CmppForwardQueryCancelTests
{
    private static readonly byte[] Content = [0x06, 0x05, 0x04, 0x3F, 0x11, 0x00, 0x00, 0xAA, 0xBB];

    private static CmppFwd Forward() => new()
    {
        SequenceId = 9,
        SourceId = "000123",
        DestinationId = "000456",
        NodesCount = 1,
        MsgFwdType = 0,
        MsgId = new CmppMsgId(0x0102030405060708),
        RegisteredDelivery = 1,
        MsgLevel = 2,
        ServiceId = "TSM",
        FeeUserType = 2,
        TpUdhi = 1,
        MsgFmt = CmppMsgFmt.Binary,
        MsgSrc = "901234",
        FeeType = "01",
        FeeCode = "000000",
        SrcId = "10657",
        DestIds = ["8613900000001", "8613900000002"],
        MsgContent = Content,
        Reserve = "",
    };

    [Fact]
    public void Cmpp20_fwd_is_laid_out_as_the_spec_says()
    {
        var bytes = CmppCodec.ToArray(Forward(), CmppVersion.V20);
        var expected = new SpecLayout()
            .Octets("000123", 6).Octets("000456", 6)        // Source_Id, Destination_Id
            .U8(1).U8(0)                                    // NodesCount, Msg_Fwd_Type (MT)
            .U64(0x0102030405060708)                        // Msg_Id
            .U8(1).U8(1).U8(1).U8(2)                        // Pk_total, Pk_number, Registered_Delivery, Msg_level
            .Octets("TSM", 10)                              // Service_Id
            .U8(2).Octets("", 21)                           // Fee_UserType, Fee_terminal_Id
            .U8(0).U8(1).U8(4)                              // TP_pId, TP_udhi, Msg_Fmt
            .Octets("901234", 6).Octets("01", 2).Octets("000000", 6) // Msg_src, FeeType, FeeCode
            .Octets("", 17).Octets("", 17)                  // Valid_Time, At_Time
            .Octets("10657", 21)                            // Src_Id
            .U8(2).Octets("8613900000001", 21).Octets("8613900000002", 21) // DestUsr_tl, Dest_Id × 2
            .U8((byte)Content.Length).Raw(Content)          // Msg_Length, Msg_Content
            .Octets("", 8)                                  // Reserve
            .WithHeader(0x9, 9);
        Assert.Equal(expected, bytes);
        Assert.Equal(12 + 140 + 42 + Content.Length, bytes.Length);

        var decoded = Assert.IsType<CmppFwd>(CmppCodec.Decode(bytes, CmppVersion.V20));
        Assert.Equal(Forward() with { MsgContent = decoded.MsgContent, DestIds = decoded.DestIds }, decoded);
        Assert.Equal(Content, decoded.MsgContent.ToArray());
        Assert.Equal(["8613900000001", "8613900000002"], decoded.DestIds);
    }

    [Fact]
    public void Cmpp20_fwd_resp_is_msg_id_packet_numbers_and_a_one_octet_result()
    {
        var resp = new CmppFwdResp { SequenceId = 9, MsgId = new CmppMsgId(42), PkTotal = 2, PkNumber = 1, Result = 8 };
        var bytes = CmppCodec.ToArray(resp, CmppVersion.V20);
        Assert.Equal(new SpecLayout().U64(42).U8(2).U8(1).U8(8).WithHeader(0x80000009, 9), bytes);
        Assert.Equal(resp, CmppCodec.Decode(bytes, CmppVersion.V20));
    }

    [Fact]
    public void A_fwd_split_at_every_byte_boundary_decodes_once_whole()
    {
        var bytes = CmppCodec.ToArray(Forward(), CmppVersion.V20);
        for (var split = 1; split < bytes.Length; split++)
        {
            var first = new ReadOnlySequence<byte>(bytes.AsMemory(0, split));
            Assert.False(CmppCodec.TryRead(ref first, CmppVersion.V20, out _));
            var buffer = Segments.Split(bytes, split);
            Assert.True(CmppCodec.TryRead(ref buffer, CmppVersion.V20, out var pdu));
            Assert.IsType<CmppFwd>(pdu);
            Assert.True(buffer.IsEmpty);
        }
    }

    [Fact]
    public void A_fwd_without_destinations_or_cut_short_is_a_format_error()
    {
        var bytes = CmppCodec.ToArray(Forward(), CmppVersion.V20);
        var destCountAt = 12 + 6 + 6 + 1 + 1 + 8 + 4 + 10 + 22 + 3 + 14 + 34 + 21;
        var noDestinations = (byte[])bytes.Clone();
        noDestinations[destCountAt] = 0;
        Assert.Throws<CmppFormatException>(() => CmppCodec.Decode(noDestinations, CmppVersion.V20));
        var cut = bytes[..^1];
        cut[3] = (byte)(cut.Length & 0xFF);
        cut[2] = (byte)(cut.Length >> 8);
        Assert.Throws<CmppFormatException>(() => CmppCodec.Decode(cut, CmppVersion.V20));
    }

    [Fact]
    public void In_cmpp30_fwd_keeps_its_raw_body()
    {
        var body = new byte[] { 1, 2, 3 };
        var bytes = new SpecLayout().Raw(body).WithHeader(0x9, 3);
        var raw = Assert.IsType<CmppRawPdu>(CmppCodec.Decode(bytes, CmppVersion.V30));
        Assert.Equal(body, raw.Body.ToArray());
    }

    [Theory]
    [InlineData(CmppVersion.V20)]
    [InlineData(CmppVersion.V30)]
    public void Query_and_its_response_are_27_and_51_octets(CmppVersion version)
    {
        var query = new CmppQuery { SequenceId = 5, Time = "20250601", QueryType = 1, QueryCode = "TSM" };
        var bytes = CmppCodec.ToArray(query, version);
        Assert.Equal(new SpecLayout().Octets("20250601", 8).U8(1).Octets("TSM", 10).Octets("", 8).WithHeader(0x6, 5), bytes);
        Assert.Equal(query, CmppCodec.Decode(bytes, version));

        var resp = new CmppQueryResp
        {
            SequenceId = 5, Time = "20250601", QueryType = 1, QueryCode = "TSM",
            MtTotalMessages = 10, MtTotalUsers = 9, MtSucceeded = 8, MtWaiting = 1, MtFailed = 1, MoSucceeded = 3, MoWaiting = 0, MoFailed = 2,
        };
        var respBytes = CmppCodec.ToArray(resp, version);
        Assert.Equal(
            new SpecLayout().Octets("20250601", 8).U8(1).Octets("TSM", 10).U32(10).U32(9).U32(8).U32(1).U32(1).U32(3).U32(0).U32(2).WithHeader(0x80000006, 5),
            respBytes);
        Assert.Equal(resp, CmppCodec.Decode(respBytes, version));
    }

    [Theory]
    [InlineData(CmppVersion.V20, 1)]
    [InlineData(CmppVersion.V30, 4)]
    public void Cancel_is_a_msg_id_and_its_response_a_success_id_of_the_versions_width(CmppVersion version, int width)
    {
        var cancel = new CmppCancel { SequenceId = 6, MsgId = new CmppMsgId(0xABCDEF) };
        var bytes = CmppCodec.ToArray(cancel, version);
        Assert.Equal(new SpecLayout().U64(0xABCDEF).WithHeader(0x7, 6), bytes);
        Assert.Equal(cancel, CmppCodec.Decode(bytes, version));

        var resp = new CmppCancelResp { SequenceId = 6, SuccessId = CmppCancelResp.NotCancelled };
        var respBytes = CmppCodec.ToArray(resp, version);
        var layout = width == 1 ? new SpecLayout().U8(1) : new SpecLayout().U32(1);
        Assert.Equal(layout.WithHeader(0x80000007, 6), respBytes);
        Assert.Equal(resp, CmppCodec.Decode(respBytes, version));
        Assert.Throws<CmppFormatException>(() => CmppCodec.Decode(new SpecLayout().U8(0).U8(0).WithHeader(0x80000007, 6), version));
    }
}
