namespace Tsm.Protocol.Sms.Cmpp;

/// <summary>
/// One CMPP PDU (docs/sms.md "CMPP 2.0 / 3.0"): a small sealed record per command. <see cref="CmppCodec"/> maps Command_Id to type
/// and does the framing; each type knows its body layout in both versions.
/// </summary>
public abstract record CmppPdu
{
    /// <summary>Sequence_Id: the response copies the request's value.</summary>
    public uint SequenceId { get; init; }

    public abstract CmppCommandId CommandId { get; }

    /// <summary>The body length in <paramref name="version"/> (the PDU is 12 bytes more).</summary>
    public abstract int GetBodyLength(CmppVersion version);

    /// <summary>Writes the body; the writer's span has exactly <see cref="GetBodyLength"/> bytes.</summary>
    internal abstract void WriteBody(ref CmppBodyWriter writer, CmppVersion version);
}

/// <summary>A PDU the spec defines but this codec does not model (the route commands, 3.0's FWD): its raw body.</summary>
public sealed record CmppRawPdu(CmppCommandId Id, ReadOnlyMemory<byte> Body) : CmppPdu
{
    public override CmppCommandId CommandId => Id;

    public override int GetBodyLength(CmppVersion version) => Body.Length;

    internal override void WriteBody(ref CmppBodyWriter writer, CmppVersion version) => writer.Bytes(Body.Span);
}
