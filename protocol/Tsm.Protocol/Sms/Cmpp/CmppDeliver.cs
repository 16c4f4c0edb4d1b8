namespace Tsm.Protocol.Sms.Cmpp;

/// <summary>
/// CMPP_DELIVER (docs/sms.md "CMPP 2.0 / 3.0"; CMPP 3.0 §7.4.3.7): an MO message or, with Registered_Delivery 1, a status report
/// in Msg_Content. 2.0: Msg_Id 8 · Dest_Id 21 · Service_Id 10 · TP_pid 1 · TP_udhi 1 · Msg_Fmt 1 · Src_terminal_Id 21 ·
/// Registered_Delivery 1 · Msg_Length 1 · Msg_Content · Reserve 8. 3.0: Src_terminal_Id 32 plus Src_terminal_type 1,
/// LinkID 20 in place of Reserve.
/// </summary>
public sealed record CmppDeliver : CmppPdu
{
    public override CmppCommandId CommandId => CmppCommandId.Deliver;

    public CmppMsgId MsgId { get; init; }

    public string DestId { get; init; } = string.Empty;

    public string ServiceId { get; init; } = string.Empty;

    public byte TpPid { get; init; }

    public byte TpUdhi { get; init; }

    public byte MsgFmt { get; init; }

    public string SrcTerminalId { get; init; } = string.Empty;

    /// <summary>3.0 only.</summary>
    public byte SrcTerminalType { get; init; }

    /// <summary>1: Msg_Content is a status report.</summary>
    public byte RegisteredDelivery { get; init; }

    public ReadOnlyMemory<byte> MsgContent { get; init; }

    /// <summary>2.0 only.</summary>
    public string Reserve { get; init; } = string.Empty;

    /// <summary>3.0 only.</summary>
    public string LinkId { get; init; } = string.Empty;

    /// <summary>The status report parsed from <see cref="MsgContent"/> by the reader when Registered_Delivery is 1.</summary>
    public CmppStatusReport? Report { get; init; }

    public bool IsStatusReport => RegisteredDelivery == 1;

    /// <summary>A DELIVER carrying <paramref name="report"/> (Registered_Delivery 1) from the ISMG to the SP.</summary>
    public static CmppDeliver ForReport(CmppStatusReport report, CmppVersion version, CmppMsgId msgId, string destId, string serviceId, uint sequenceId)
    {
        ArgumentNullException.ThrowIfNull(report);
        var content = new byte[CmppStatusReport.GetLength(version)];
        report.Write(content, version);
        return new CmppDeliver
        {
            SequenceId = sequenceId,
            MsgId = msgId,
            DestId = destId,
            ServiceId = serviceId,
            SrcTerminalId = report.DestTerminalId,
            RegisteredDelivery = 1,
            MsgContent = content,
            Report = report,
        };
    }

    public static int GetTotalLength(CmppVersion version, int contentLength) => CmppHeader.Length + GetBodyLength(version, contentLength);

    private static int GetBodyLength(CmppVersion version, int contentLength) =>
        8                           // Msg_Id
        + 21                        // Dest_Id
        + 10                        // Service_Id
        + 1 + 1 + 1                 // TP_pid, TP_udhi, Msg_Fmt
        + version.TerminalIdLength() // Src_terminal_Id (21 | 32)
        + (version == CmppVersion.V30 ? 1 : 0) // Src_terminal_type (3.0)
        + 1                         // Registered_Delivery
        + 1                         // Msg_Length
        + contentLength             // Msg_Content
        + version.TrailerLength();  // Reserve 8 (2.0) | LinkID 20 (3.0)

    public override int GetBodyLength(CmppVersion version) => GetBodyLength(version, MsgContent.Length);

    internal override void WriteBody(ref CmppBodyWriter writer, CmppVersion version)
    {
        if (MsgContent.Length > byte.MaxValue)
            throw new ArgumentException($"Msg_Content of {MsgContent.Length} octets does not fit Msg_Length");
        writer.U64(MsgId.Value);
        writer.Text(DestId, 21);
        writer.Text(ServiceId, 10);
        writer.U8(TpPid);
        writer.U8(TpUdhi);
        writer.U8(MsgFmt);
        writer.Text(SrcTerminalId, version.TerminalIdLength());
        if (version == CmppVersion.V30)
            writer.U8(SrcTerminalType);
        writer.U8(RegisteredDelivery);
        writer.U8((byte)MsgContent.Length);
        writer.Bytes(MsgContent.Span);
        if (version == CmppVersion.V30)
            writer.Text(LinkId, 20);
        else
            writer.Text(Reserve, 8);
    }

    internal static CmppDeliver ReadBody(ReadOnlySpan<byte> body, uint sequenceId, CmppVersion version)
    {
        var v3 = version == CmppVersion.V30;
        var reader = new CmppBodyReader(body);
        var msgId = new CmppMsgId(reader.U64());
        var destId = reader.Text(21, "Dest_Id");
        var serviceId = reader.Text(10, "Service_Id");
        var tpPid = reader.U8();
        var tpUdhi = reader.U8();
        var msgFmt = reader.U8();
        var src = reader.Text(version.TerminalIdLength(), "Src_terminal_Id");
        var srcType = v3 ? reader.U8() : (byte)0;
        var registeredDelivery = reader.U8();
        var length = reader.U8();
        var contentOffset = CmppHeader.Length + reader.Position;
        var content = reader.Bytes(length, "Msg_Content");
        CmppStatusReport? report = null;
        if (registeredDelivery == 1)
        {
            if (content.Length != CmppStatusReport.GetLength(version))
                throw new CmppFormatException($"status report of {content.Length} bytes; {CmppStatusReport.GetLength(version)} expected in CMPP {version.Display()}", contentOffset);
            report = CmppStatusReport.Read(content, version);
        }
        var contentBytes = content.ToArray();
        var trailer = reader.Text(version.TrailerLength(), v3 ? "LinkID" : "Reserve");
        reader.End("CMPP_DELIVER");
        return new CmppDeliver
        {
            SequenceId = sequenceId,
            MsgId = msgId,
            DestId = destId,
            ServiceId = serviceId,
            TpPid = tpPid,
            TpUdhi = tpUdhi,
            MsgFmt = msgFmt,
            SrcTerminalId = src,
            SrcTerminalType = srcType,
            RegisteredDelivery = registeredDelivery,
            MsgContent = contentBytes,
            Reserve = v3 ? string.Empty : trailer,
            LinkId = v3 ? trailer : string.Empty,
            Report = report,
        };
    }
}

/// <summary>CMPP_DELIVER_RESP (docs/sms.md "CMPP 2.0 / 3.0"; CMPP 3.0 §7.4.3.8): Msg_Id 8 · Result (1 octet in 2.0, 4 in 3.0).</summary>
public sealed record CmppDeliverResp : CmppPdu
{
    public override CmppCommandId CommandId => CmppCommandId.DeliverResp;

    public CmppMsgId MsgId { get; init; }

    public uint Result { get; init; }

    public override int GetBodyLength(CmppVersion version) => 8 + version.ResultLength(); // Msg_Id, Result

    internal override void WriteBody(ref CmppBodyWriter writer, CmppVersion version)
    {
        writer.U64(MsgId.Value);
        writer.Result(Result, version.ResultLength());
    }

    internal static CmppDeliverResp ReadBody(ReadOnlySpan<byte> body, uint sequenceId)
    {
        var (msgId, result) = CmppResults.Read(body, "CMPP_DELIVER_RESP");
        return new CmppDeliverResp { SequenceId = sequenceId, MsgId = msgId, Result = result };
    }
}

/// <summary>
/// A status report, the Msg_Content of a DELIVER with Registered_Delivery 1 (docs/sms.md "CMPP 2.0 / 3.0"; CMPP 3.0 §7.4.3.7):
/// Msg_Id 8 (from SUBMIT_RESP) · Stat 7 · Submit_time 10 · Done_time 10 (YYMMDDHHMM) · Dest_terminal_Id 21 (2.0) or
/// 32 (3.0) · SMSC_sequence 4: 60 bytes in 2.0, 71 in 3.0.
/// </summary>
public sealed record CmppStatusReport(
    CmppMsgId MsgId,
    string Stat,
    string SubmitTime,
    string DoneTime,
    string DestTerminalId,
    uint SmscSequence)
{
    public static int GetLength(CmppVersion version) =>
        8                               // Msg_Id
        + 7                             // Stat
        + 10 + 10                       // Submit_time, Done_time
        + version.TerminalIdLength()    // Dest_terminal_Id
        + 4;                            // SMSC_sequence

    /// <summary>True when Stat says the message reached the handset.</summary>
    public bool IsDelivered => Stat == CmppStat.Delivered;

    public void Write(Span<byte> destination, CmppVersion version)
    {
        var writer = new CmppBodyWriter(destination[..GetLength(version)]);
        writer.U64(MsgId.Value);
        writer.Text(Stat, 7);
        writer.Text(SubmitTime, 10);
        writer.Text(DoneTime, 10);
        writer.Text(DestTerminalId, version.TerminalIdLength());
        writer.U32(SmscSequence);
    }

    /// <exception cref="CmppFormatException">The content is not exactly one report of this version.</exception>
    public static CmppStatusReport Read(ReadOnlySpan<byte> content, CmppVersion version)
    {
        if (content.Length != GetLength(version))
            throw new CmppFormatException($"status report of {content.Length} bytes; {GetLength(version)} expected in CMPP {version.Display()}");
        var reader = new CmppBodyReader(content);
        return new CmppStatusReport(
            new CmppMsgId(reader.U64()),
            reader.Text(7, "Stat"),
            reader.Text(10, "Submit_time"),
            reader.Text(10, "Done_time"),
            reader.Text(version.TerminalIdLength(), "Dest_terminal_Id"),
            reader.U32());
    }
}
