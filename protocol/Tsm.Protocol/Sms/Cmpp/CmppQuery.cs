namespace Tsm.Protocol.Sms.Cmpp;

/// <summary>
/// CMPP_QUERY (docs/sms.md "CMPP 2.0 / 3.0"; CMPP 2.0 §7.4.3.9, 3.0 §7.4.3.9): the SP asks for its traffic counts of one
/// day. Time 8 (YYYYMMDD) · Query_Type 1 (0: all of the SP's messages, 1: by the service code in Query_Code) ·
/// Query_Code 10 · Reserve 8: 27 octets in both versions.
/// </summary>
public sealed record CmppQuery : CmppPdu
{
    public const int BodyLength = 8 + 1 + 10 + 8; // Time, Query_Type, Query_Code, Reserve

    public override CmppCommandId CommandId => CmppCommandId.Query;

    public string Time { get; init; } = string.Empty;

    public byte QueryType { get; init; }

    public string QueryCode { get; init; } = string.Empty;

    public string Reserve { get; init; } = string.Empty;

    public override int GetBodyLength(CmppVersion version) => BodyLength;

    internal override void WriteBody(ref CmppBodyWriter writer, CmppVersion version)
    {
        writer.Text(Time, 8);
        writer.U8(QueryType);
        writer.Text(QueryCode, 10);
        writer.Text(Reserve, 8);
    }

    internal static CmppQuery ReadBody(ReadOnlySpan<byte> body, uint sequenceId)
    {
        var reader = new CmppBodyReader(body);
        var query = new CmppQuery
        {
            SequenceId = sequenceId,
            Time = reader.Text(8, "Time"),
            QueryType = reader.U8(),
            QueryCode = reader.Text(10, "Query_Code"),
            Reserve = reader.Text(8, "Reserve"),
        };
        reader.End("CMPP_QUERY");
        return query;
    }
}

/// <summary>
/// CMPP_QUERY_RESP: Time 8 · Query_Type 1 · Query_Code 10 · MT_TLMsg 4 (messages from the SP) · MT_Tlusr 4 (users) ·
/// MT_Scs 4 (forwarded) · MT_WT 4 (waiting) · MT_FL 4 (failed) · MO_Scs 4 · MO_WT 4 · MO_FL 4: 51 octets.
/// </summary>
public sealed record CmppQueryResp : CmppPdu
{
    public const int BodyLength = 8 + 1 + 10 + 8 * 4; // Time, Query_Type, Query_Code, eight counters

    public override CmppCommandId CommandId => CmppCommandId.QueryResp;

    public string Time { get; init; } = string.Empty;

    public byte QueryType { get; init; }

    public string QueryCode { get; init; } = string.Empty;

    public uint MtTotalMessages { get; init; }

    public uint MtTotalUsers { get; init; }

    public uint MtSucceeded { get; init; }

    public uint MtWaiting { get; init; }

    public uint MtFailed { get; init; }

    public uint MoSucceeded { get; init; }

    public uint MoWaiting { get; init; }

    public uint MoFailed { get; init; }

    public override int GetBodyLength(CmppVersion version) => BodyLength;

    internal override void WriteBody(ref CmppBodyWriter writer, CmppVersion version)
    {
        writer.Text(Time, 8);
        writer.U8(QueryType);
        writer.Text(QueryCode, 10);
        writer.U32(MtTotalMessages);
        writer.U32(MtTotalUsers);
        writer.U32(MtSucceeded);
        writer.U32(MtWaiting);
        writer.U32(MtFailed);
        writer.U32(MoSucceeded);
        writer.U32(MoWaiting);
        writer.U32(MoFailed);
    }

    internal static CmppQueryResp ReadBody(ReadOnlySpan<byte> body, uint sequenceId)
    {
        var reader = new CmppBodyReader(body);
        var resp = new CmppQueryResp
        {
            SequenceId = sequenceId,
            Time = reader.Text(8, "Time"),
            QueryType = reader.U8(),
            QueryCode = reader.Text(10, "Query_Code"),
            MtTotalMessages = reader.U32(),
            MtTotalUsers = reader.U32(),
            MtSucceeded = reader.U32(),
            MtWaiting = reader.U32(),
            MtFailed = reader.U32(),
            MoSucceeded = reader.U32(),
            MoWaiting = reader.U32(),
            MoFailed = reader.U32(),
        };
        reader.End("CMPP_QUERY_RESP");
        return resp;
    }
}
