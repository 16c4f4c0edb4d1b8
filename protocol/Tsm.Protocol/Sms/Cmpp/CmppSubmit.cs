namespace Tsm.Protocol.Sms.Cmpp;

/// <summary>
/// CMPP_SUBMIT (docs/sms.md "CMPP 2.0 / 3.0"; CMPP 3.0 §7.4.3.4), in wire order. 2.0: Msg_Id 8 · Pk_total 1 · Pk_number 1 ·
/// Registered_Delivery 1 · Msg_level 1 · Service_Id 10 · Fee_UserType 1 · Fee_terminal_Id 21 · TP_pId 1 · TP_udhi 1 ·
/// Msg_Fmt 1 · Msg_src 6 · FeeType 2 · FeeCode 6 · ValId_Time 17 · At_Time 17 · Src_Id 21 · DestUsr_tl 1 ·
/// Dest_terminal_Id 21×n · Msg_Length 1 · Msg_Content · Reserve 8. 3.0 widens the terminal ids to 32, adds
/// Fee_terminal_type and Dest_terminal_type (1 each) and replaces Reserve by LinkID 20. Fields of the other version
/// are ignored when writing.
/// </summary>
public sealed record CmppSubmit : CmppPdu
{
    /// <summary>DestUsr_tl is below 100.</summary>
    public const int MaxDestinations = 99;

    public override CmppCommandId CommandId => CmppCommandId.Submit;

    public CmppMsgId MsgId { get; init; }

    public byte PkTotal { get; init; } = 1;

    public byte PkNumber { get; init; } = 1;

    /// <summary>1: the SP wants a status report (2.0 also had 2, dropped in 3.0).</summary>
    public byte RegisteredDelivery { get; init; }

    public byte MsgLevel { get; init; }

    public string ServiceId { get; init; } = string.Empty;

    public byte FeeUserType { get; init; }

    public string FeeTerminalId { get; init; } = string.Empty;

    /// <summary>3.0 only.</summary>
    public byte FeeTerminalType { get; init; }

    public byte TpPid { get; init; }

    /// <summary>1: Msg_Content starts with a UDH (docs/sms.md "User data headers").</summary>
    public byte TpUdhi { get; init; }

    public byte MsgFmt { get; init; }

    public string MsgSrc { get; init; } = string.Empty;

    public string FeeType { get; init; } = string.Empty;

    public string FeeCode { get; init; } = string.Empty;

    /// <summary>ValId_Time.</summary>
    public string ValidTime { get; init; } = string.Empty;

    public string AtTime { get; init; } = string.Empty;

    public string SrcId { get; init; } = string.Empty;

    public IReadOnlyList<string> DestTerminalIds { get; init; } = [];

    /// <summary>3.0 only.</summary>
    public byte DestTerminalType { get; init; }

    public ReadOnlyMemory<byte> MsgContent { get; init; }

    /// <summary>2.0 only.</summary>
    public string Reserve { get; init; } = string.Empty;

    /// <summary>3.0 only.</summary>
    public string LinkId { get; init; } = string.Empty;

    /// <summary>The whole PDU length for <paramref name="destinations"/> terminal ids and <paramref name="contentLength"/> octets.</summary>
    public static int GetTotalLength(CmppVersion version, int destinations, int contentLength) =>
        CmppHeader.Length + GetBodyLength(version, destinations, contentLength);

    private static int GetBodyLength(CmppVersion version, int destinations, int contentLength)
    {
        var terminal = version.TerminalIdLength();
        var v3 = version == CmppVersion.V30 ? 1 : 0;
        return 8                    // Msg_Id
            + 1 + 1                 // Pk_total, Pk_number
            + 1 + 1                 // Registered_Delivery, Msg_level
            + 10                    // Service_Id
            + 1                     // Fee_UserType
            + terminal + v3         // Fee_terminal_Id (21 | 32), Fee_terminal_type (3.0)
            + 1 + 1 + 1             // TP_pId, TP_udhi, Msg_Fmt
            + 6                     // Msg_src
            + 2 + 6                 // FeeType, FeeCode
            + 17 + 17               // ValId_Time, At_Time
            + 21                    // Src_Id
            + 1                     // DestUsr_tl
            + terminal * destinations + v3 // Dest_terminal_Id ×n, Dest_terminal_type (3.0)
            + 1                     // Msg_Length
            + contentLength         // Msg_Content
            + version.TrailerLength(); // Reserve 8 (2.0) | LinkID 20 (3.0)
    }

    public override int GetBodyLength(CmppVersion version) => GetBodyLength(version, DestTerminalIds.Count, MsgContent.Length);

    internal override void WriteBody(ref CmppBodyWriter writer, CmppVersion version)
    {
        if (DestTerminalIds.Count is < 1 or > MaxDestinations)
            throw new ArgumentException($"a SUBMIT has 1 to {MaxDestinations} destinations, not {DestTerminalIds.Count}");
        if (MsgContent.Length > CmppMsgFmt.MaxContentLength(MsgFmt))
            throw new ArgumentException($"Msg_Content of {MsgContent.Length} octets is too long for Msg_Fmt {MsgFmt}");
        var terminal = version.TerminalIdLength();
        writer.U64(MsgId.Value);
        writer.U8(PkTotal);
        writer.U8(PkNumber);
        writer.U8(RegisteredDelivery);
        writer.U8(MsgLevel);
        writer.Text(ServiceId, 10);
        writer.U8(FeeUserType);
        writer.Text(FeeTerminalId, terminal);
        if (version == CmppVersion.V30)
            writer.U8(FeeTerminalType);
        writer.U8(TpPid);
        writer.U8(TpUdhi);
        writer.U8(MsgFmt);
        writer.Text(MsgSrc, 6);
        writer.Text(FeeType, 2);
        writer.Text(FeeCode, 6);
        writer.Text(ValidTime, 17);
        writer.Text(AtTime, 17);
        writer.Text(SrcId, 21);
        writer.U8((byte)DestTerminalIds.Count);
        foreach (var dest in DestTerminalIds)
            writer.Text(dest, terminal);
        if (version == CmppVersion.V30)
            writer.U8(DestTerminalType);
        writer.U8((byte)MsgContent.Length);
        writer.Bytes(MsgContent.Span);
        if (version == CmppVersion.V30)
            writer.Text(LinkId, 20);
        else
            writer.Text(Reserve, 8);
    }

    internal static CmppSubmit ReadBody(ReadOnlySpan<byte> body, uint sequenceId, CmppVersion version)
    {
        var terminal = version.TerminalIdLength();
        var v3 = version == CmppVersion.V30;
        var reader = new CmppBodyReader(body);
        var msgId = new CmppMsgId(reader.U64());
        var pkTotal = reader.U8();
        var pkNumber = reader.U8();
        var registeredDelivery = reader.U8();
        var msgLevel = reader.U8();
        var serviceId = reader.Text(10, "Service_Id");
        var feeUserType = reader.U8();
        var feeTerminalId = reader.Text(terminal, "Fee_terminal_Id");
        var feeTerminalType = v3 ? reader.U8() : (byte)0;
        var tpPid = reader.U8();
        var tpUdhi = reader.U8();
        var msgFmt = reader.U8();
        var msgSrc = reader.Text(6, "Msg_src");
        var feeType = reader.Text(2, "FeeType");
        var feeCode = reader.Text(6, "FeeCode");
        var validTime = reader.Text(17, "ValId_Time");
        var atTime = reader.Text(17, "At_Time");
        var srcId = reader.Text(21, "Src_Id");
        var count = reader.U8();
        if (count == 0)
            throw new CmppFormatException("CMPP_SUBMIT with DestUsr_tl 0", CmppHeader.Length + reader.Position - 1);
        var dests = new string[count];
        for (var i = 0; i < dests.Length; i++)
            dests[i] = reader.Text(terminal, "Dest_terminal_Id");
        var destTerminalType = v3 ? reader.U8() : (byte)0;
        var length = reader.U8();
        var content = reader.Bytes(length, "Msg_Content").ToArray();
        var trailer = reader.Text(version.TrailerLength(), v3 ? "LinkID" : "Reserve");
        reader.End("CMPP_SUBMIT");
        return new CmppSubmit
        {
            SequenceId = sequenceId,
            MsgId = msgId,
            PkTotal = pkTotal,
            PkNumber = pkNumber,
            RegisteredDelivery = registeredDelivery,
            MsgLevel = msgLevel,
            ServiceId = serviceId,
            FeeUserType = feeUserType,
            FeeTerminalId = feeTerminalId,
            FeeTerminalType = feeTerminalType,
            TpPid = tpPid,
            TpUdhi = tpUdhi,
            MsgFmt = msgFmt,
            MsgSrc = msgSrc,
            FeeType = feeType,
            FeeCode = feeCode,
            ValidTime = validTime,
            AtTime = atTime,
            SrcId = srcId,
            DestTerminalIds = dests,
            DestTerminalType = destTerminalType,
            MsgContent = content,
            Reserve = v3 ? string.Empty : trailer,
            LinkId = v3 ? trailer : string.Empty,
        };
    }
}

/// <summary>
/// CMPP_SUBMIT_RESP (docs/sms.md "CMPP 2.0 / 3.0"; CMPP 3.0 §7.4.3.5): Msg_Id 8 · Result (1 octet in 2.0, 4 in 3.0; see
/// <see cref="CmppSubmitResult"/>). The reader tells the versions apart by length.
/// </summary>
public sealed record CmppSubmitResp : CmppPdu
{
    public override CmppCommandId CommandId => CmppCommandId.SubmitResp;

    public CmppMsgId MsgId { get; init; }

    public uint Result { get; init; }

    public override int GetBodyLength(CmppVersion version) => 8 + version.ResultLength(); // Msg_Id, Result

    internal override void WriteBody(ref CmppBodyWriter writer, CmppVersion version)
    {
        writer.U64(MsgId.Value);
        writer.Result(Result, version.ResultLength());
    }

    internal static CmppSubmitResp ReadBody(ReadOnlySpan<byte> body, uint sequenceId)
    {
        var (msgId, result) = CmppResults.Read(body, "CMPP_SUBMIT_RESP");
        return new CmppSubmitResp { SequenceId = sequenceId, MsgId = msgId, Result = result };
    }
}

/// <summary>The Msg_Id + Result body shared by SUBMIT_RESP and DELIVER_RESP.</summary>
internal static class CmppResults
{
    public static (CmppMsgId MsgId, uint Result) Read(ReadOnlySpan<byte> body, string pdu)
    {
        var width = body.Length switch
        {
            9 => 1,
            12 => 4,
            _ => throw new CmppFormatException($"{pdu} body of {body.Length} bytes; 9 (2.0) or 12 (3.0) expected", CmppHeader.Length),
        };
        var reader = new CmppBodyReader(body);
        return (new CmppMsgId(reader.U64()), reader.Result(width));
    }
}
