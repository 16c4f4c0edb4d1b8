namespace Tsm.Protocol.Sms.Cmpp;

/// <summary>
/// CMPP_CANCEL (docs/sms.md "CMPP 2.0 / 3.0"; CMPP 2.0 §7.4.3.11, 3.0 §7.4.3.11): the SP withdraws a message not yet
/// delivered. Msg_Id 8 (the one SUBMIT_RESP gave).
/// </summary>
public sealed record CmppCancel : CmppPdu
{
    public override CmppCommandId CommandId => CmppCommandId.Cancel;

    public CmppMsgId MsgId { get; init; }

    public override int GetBodyLength(CmppVersion version) => 8; // Msg_Id

    internal override void WriteBody(ref CmppBodyWriter writer, CmppVersion version) => writer.U64(MsgId.Value);

    internal static CmppCancel ReadBody(ReadOnlySpan<byte> body, uint sequenceId)
    {
        var reader = new CmppBodyReader(body);
        var cancel = new CmppCancel { SequenceId = sequenceId, MsgId = new CmppMsgId(reader.U64()) };
        reader.End("CMPP_CANCEL");
        return cancel;
    }
}

/// <summary>CMPP_CANCEL_RESP: Success_Id (1 octet in 2.0, 4 in 3.0): 0 cancelled, 1 not (unknown, or already delivered).</summary>
public sealed record CmppCancelResp : CmppPdu
{
    public const uint Cancelled = 0;
    public const uint NotCancelled = 1;

    public override CmppCommandId CommandId => CmppCommandId.CancelResp;

    public uint SuccessId { get; init; }

    public override int GetBodyLength(CmppVersion version) => version.ResultLength(); // Success_Id

    internal override void WriteBody(ref CmppBodyWriter writer, CmppVersion version) => writer.Result(SuccessId, version.ResultLength());

    /// <summary>Reads either width (a 3.0 SP may get a 2.0 answer).</summary>
    internal static CmppCancelResp ReadBody(ReadOnlySpan<byte> body, uint sequenceId)
    {
        if (body.Length is not (1 or 4))
            throw new CmppFormatException($"CMPP_CANCEL_RESP body of {body.Length} bytes; 1 (2.0) or 4 (3.0) expected", CmppHeader.Length);
        var reader = new CmppBodyReader(body);
        return new CmppCancelResp { SequenceId = sequenceId, SuccessId = reader.Result(body.Length) };
    }
}
