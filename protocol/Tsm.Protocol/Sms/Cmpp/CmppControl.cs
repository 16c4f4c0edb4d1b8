namespace Tsm.Protocol.Sms.Cmpp;

/// <summary>CMPP_ACTIVE_TEST (docs/sms.md "CMPP 2.0 / 3.0"; CMPP 3.0 §7.4.3.11): no body. Either side sends it on an idle link.</summary>
public sealed record CmppActiveTest : CmppPdu
{
    public override CmppCommandId CommandId => CmppCommandId.ActiveTest;

    public override int GetBodyLength(CmppVersion version) => 0;

    internal override void WriteBody(ref CmppBodyWriter writer, CmppVersion version)
    {
    }
}

/// <summary>
/// CMPP_ACTIVE_TEST_RESP (docs/sms.md "CMPP 2.0 / 3.0"): Reserved 1 octet. The reader also takes an empty body, which some
/// gateways send.
/// </summary>
public sealed record CmppActiveTestResp : CmppPdu
{
    public override CmppCommandId CommandId => CmppCommandId.ActiveTestResp;

    public byte Reserved { get; init; }

    public override int GetBodyLength(CmppVersion version) => 1; // Reserved

    internal override void WriteBody(ref CmppBodyWriter writer, CmppVersion version) => writer.U8(Reserved);

    internal static CmppActiveTestResp ReadBody(ReadOnlySpan<byte> body, uint sequenceId) => body.Length switch
    {
        0 => new CmppActiveTestResp { SequenceId = sequenceId },
        1 => new CmppActiveTestResp { SequenceId = sequenceId, Reserved = body[0] },
        _ => throw new CmppFormatException($"CMPP_ACTIVE_TEST_RESP body of {body.Length} bytes; 1 expected", CmppHeader.Length),
    };
}

/// <summary>CMPP_TERMINATE (docs/sms.md "CMPP 2.0 / 3.0"; CMPP 3.0 §7.4.3.3): no body; either side ends the link with it.</summary>
public sealed record CmppTerminate : CmppPdu
{
    public override CmppCommandId CommandId => CmppCommandId.Terminate;

    public override int GetBodyLength(CmppVersion version) => 0;

    internal override void WriteBody(ref CmppBodyWriter writer, CmppVersion version)
    {
    }
}

/// <summary>CMPP_TERMINATE_RESP: no body.</summary>
public sealed record CmppTerminateResp : CmppPdu
{
    public override CmppCommandId CommandId => CmppCommandId.TerminateResp;

    public override int GetBodyLength(CmppVersion version) => 0;

    internal override void WriteBody(ref CmppBodyWriter writer, CmppVersion version)
    {
    }
}
