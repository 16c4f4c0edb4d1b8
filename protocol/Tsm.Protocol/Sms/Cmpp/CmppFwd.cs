namespace Tsm.Protocol.Sms.Cmpp;

/// <summary>
/// CMPP_FWD of CMPP 2.0 (docs/sms.md "CMPP 2.0 / 3.0"; CMPP 2.0 §7.4.5.4): one ISMG forwards an MT or MO message, or a
/// status report, to another. Source_Id 6 · Destination_Id 6 (gateway codes, right-aligned, zero-filled) · NodesCount 1
/// · Msg_Fwd_Type 1 (0 MT, 1 MO, 2 report of an MT, 3 report of an MO) · Msg_Id 8 · Pk_total 1 · Pk_number 1 ·
/// Registered_Delivery 1 · Msg_level 1 · Service_Id 10 · Fee_UserType 1 · Fee_terminal_Id 21 · TP_pId 1 · TP_udhi 1 ·
/// Msg_Fmt 1 · Msg_src 6 · FeeType 2 · FeeCode 6 · Valid_Time 17 · At_Time 17 · Src_Id 21 · DestUsr_tl 1 ·
/// Dest_Id 21 × DestUsr_tl · Msg_Length 1 · Msg_Content · Reserve 8. (3.0 changes the layout; its FWD stays raw.)
/// </summary>
public sealed record CmppFwd : CmppPdu
{
    /// <summary>The most destinations, as in SUBMIT (DestUsr_tl below 100).</summary>
    public const int MaxDestinations = 99;

    public override CmppCommandId CommandId => CmppCommandId.Fwd;

    public string SourceId { get; init; } = string.Empty;

    public string DestinationId { get; init; } = string.Empty;

    public byte NodesCount { get; init; }

    public byte MsgFwdType { get; init; }

    public CmppMsgId MsgId { get; init; }

    public byte PkTotal { get; init; } = 1;

    public byte PkNumber { get; init; } = 1;

    public byte RegisteredDelivery { get; init; }

    public byte MsgLevel { get; init; }

    public string ServiceId { get; init; } = string.Empty;

    public byte FeeUserType { get; init; }

    public string FeeTerminalId { get; init; } = string.Empty;

    public byte TpPid { get; init; }

    public byte TpUdhi { get; init; }

    public byte MsgFmt { get; init; }

    public string MsgSrc { get; init; } = string.Empty;

    public string FeeType { get; init; } = string.Empty;

    public string FeeCode { get; init; } = string.Empty;

    public string ValidTime { get; init; } = string.Empty;

    public string AtTime { get; init; } = string.Empty;

    public string SrcId { get; init; } = string.Empty;

    public IReadOnlyList<string> DestIds { get; init; } = [];

    public ReadOnlyMemory<byte> MsgContent { get; init; }

    public string Reserve { get; init; } = string.Empty;

    public override int GetBodyLength(CmppVersion version) =>
        6 + 6                   // Source_Id, Destination_Id
        + 1 + 1                 // NodesCount, Msg_Fwd_Type
        + 8                     // Msg_Id
        + 1 + 1 + 1 + 1         // Pk_total, Pk_number, Registered_Delivery, Msg_level
        + 10                    // Service_Id
        + 1 + 21                // Fee_UserType, Fee_terminal_Id
        + 1 + 1 + 1             // TP_pId, TP_udhi, Msg_Fmt
        + 6 + 2 + 6             // Msg_src, FeeType, FeeCode
        + 17 + 17               // Valid_Time, At_Time
        + 21                    // Src_Id
        + 1 + 21 * DestIds.Count // DestUsr_tl, Dest_Id each
        + 1 + MsgContent.Length // Msg_Length, Msg_Content
        + 8;                    // Reserve

    internal override void WriteBody(ref CmppBodyWriter writer, CmppVersion version)
    {
        if (DestIds.Count is 0 or > MaxDestinations)
            throw new ArgumentException($"CMPP_FWD has 1 to {MaxDestinations} destinations, not {DestIds.Count}");
        if (MsgContent.Length > byte.MaxValue)
            throw new ArgumentException($"Msg_Content of {MsgContent.Length} octets does not fit Msg_Length");
        writer.Text(SourceId, 6);
        writer.Text(DestinationId, 6);
        writer.U8(NodesCount);
        writer.U8(MsgFwdType);
        writer.U64(MsgId.Value);
        writer.U8(PkTotal);
        writer.U8(PkNumber);
        writer.U8(RegisteredDelivery);
        writer.U8(MsgLevel);
        writer.Text(ServiceId, 10);
        writer.U8(FeeUserType);
        writer.Text(FeeTerminalId, 21);
        writer.U8(TpPid);
        writer.U8(TpUdhi);
        writer.U8(MsgFmt);
        writer.Text(MsgSrc, 6);
        writer.Text(FeeType, 2);
        writer.Text(FeeCode, 6);
        writer.Text(ValidTime, 17);
        writer.Text(AtTime, 17);
        writer.Text(SrcId, 21);
        writer.U8((byte)DestIds.Count);
        foreach (var dest in DestIds)
            writer.Text(dest, 21);
        writer.U8((byte)MsgContent.Length);
        writer.Bytes(MsgContent.Span);
        writer.Text(Reserve, 8);
    }

    internal static CmppFwd ReadBody(ReadOnlySpan<byte> body, uint sequenceId)
    {
        var reader = new CmppBodyReader(body);
        var sourceId = reader.Text(6, "Source_Id");
        var destinationId = reader.Text(6, "Destination_Id");
        var nodesCount = reader.U8();
        var fwdType = reader.U8();
        var msgId = new CmppMsgId(reader.U64());
        var pkTotal = reader.U8();
        var pkNumber = reader.U8();
        var registeredDelivery = reader.U8();
        var msgLevel = reader.U8();
        var serviceId = reader.Text(10, "Service_Id");
        var feeUserType = reader.U8();
        var feeTerminalId = reader.Text(21, "Fee_terminal_Id");
        var tpPid = reader.U8();
        var tpUdhi = reader.U8();
        var msgFmt = reader.U8();
        var msgSrc = reader.Text(6, "Msg_src");
        var feeType = reader.Text(2, "FeeType");
        var feeCode = reader.Text(6, "FeeCode");
        var validTime = reader.Text(17, "Valid_Time");
        var atTime = reader.Text(17, "At_Time");
        var srcId = reader.Text(21, "Src_Id");
        var count = reader.U8();
        if (count is 0 or > MaxDestinations)
            throw new CmppFormatException($"CMPP_FWD DestUsr_tl {count}; 1 to {MaxDestinations} expected", CmppHeader.Length + reader.Position - 1);
        var dests = new string[count];
        for (var i = 0; i < count; i++)
            dests[i] = reader.Text(21, "Dest_Id");
        var length = reader.U8();
        var content = reader.Bytes(length, "Msg_Content").ToArray();
        var reserve = reader.Text(8, "Reserve");
        reader.End("CMPP_FWD");
        return new CmppFwd
        {
            SequenceId = sequenceId,
            SourceId = sourceId,
            DestinationId = destinationId,
            NodesCount = nodesCount,
            MsgFwdType = fwdType,
            MsgId = msgId,
            PkTotal = pkTotal,
            PkNumber = pkNumber,
            RegisteredDelivery = registeredDelivery,
            MsgLevel = msgLevel,
            ServiceId = serviceId,
            FeeUserType = feeUserType,
            FeeTerminalId = feeTerminalId,
            TpPid = tpPid,
            TpUdhi = tpUdhi,
            MsgFmt = msgFmt,
            MsgSrc = msgSrc,
            FeeType = feeType,
            FeeCode = feeCode,
            ValidTime = validTime,
            AtTime = atTime,
            SrcId = srcId,
            DestIds = dests,
            MsgContent = content,
            Reserve = reserve,
        };
    }
}

/// <summary>CMPP_FWD_RESP of CMPP 2.0: Msg_Id 8 · Pk_total 1 · Pk_number 1 · Result 1 (the SUBMIT_RESP results).</summary>
public sealed record CmppFwdResp : CmppPdu
{
    public const int BodyLength = 8 + 1 + 1 + 1; // Msg_Id, Pk_total, Pk_number, Result

    public override CmppCommandId CommandId => CmppCommandId.FwdResp;

    public CmppMsgId MsgId { get; init; }

    public byte PkTotal { get; init; } = 1;

    public byte PkNumber { get; init; } = 1;

    public uint Result { get; init; }

    public override int GetBodyLength(CmppVersion version) => BodyLength;

    internal override void WriteBody(ref CmppBodyWriter writer, CmppVersion version)
    {
        writer.U64(MsgId.Value);
        writer.U8(PkTotal);
        writer.U8(PkNumber);
        writer.Result(Result, 1);
    }

    internal static CmppFwdResp ReadBody(ReadOnlySpan<byte> body, uint sequenceId)
    {
        var reader = new CmppBodyReader(body);
        var resp = new CmppFwdResp
        {
            SequenceId = sequenceId,
            MsgId = new CmppMsgId(reader.U64()),
            PkTotal = reader.U8(),
            PkNumber = reader.U8(),
            Result = reader.U8(),
        };
        reader.End("CMPP_FWD_RESP");
        return resp;
    }
}
