namespace Tsm.Protocol.Sms.Smpp;

/// <summary>
/// One SMPP 3.4 PDU (§4): the header's status and sequence number, the mandatory body of the concrete type and the
/// optional parameters that follow it. Encode and decode with <see cref="SmppCodec"/>.
/// </summary>
public abstract record SmppPdu
{
    public abstract SmppCommandId CommandId { get; }

    /// <summary>command_status: 0 in requests, the result in responses (<see cref="SmppStatus"/>).</summary>
    public uint Status { get => _status; init => _status = value; }

    /// <summary>sequence_number; <see cref="SmppCodec.Write(SmppPdu, uint, System.Buffers.IBufferWriter{byte})"/> can override it.</summary>
    public uint Sequence { get => _sequence; init => _sequence = value; }

    private uint _status;
    private uint _sequence;

    /// <summary>Sets the header fields of a freshly decoded PDU (saves a copy per PDU on the hot path).</summary>
    internal void SetHeader(uint status, uint sequence)
    {
        _status = status;
        _sequence = sequence;
    }

    /// <summary>Optional parameters in wire order.</summary>
    public IReadOnlyList<SmppTlv> Tlvs { get; init; } = [];

    public bool IsResponse => SmppCommands.IsResponse((uint)CommandId);

    /// <summary>The first TLV with this tag, if any.</summary>
    public SmppTlv? FindTlv(ushort tag)
    {
        for (var i = 0; i < Tlvs.Count; i++)
        {
            if (Tlvs[i].Tag == tag)
                return Tlvs[i];
        }
        return null;
    }

    /// <summary>Octets of the mandatory body plus the TLVs (validates the fields).</summary>
    internal abstract int BodyLength();

    internal abstract void WriteBody(ref SmppBodyWriter writer);
}

/// <summary>An SME address: type of number, numbering plan indicator and the address text (§5.2.5–5.2.9).</summary>
public readonly record struct SmppAddress(byte Ton, byte Npi, string Address)
{
    /// <summary>International number, E.164 plan.</summary>
    public static SmppAddress International(string address) => new(1, 1, address);

    /// <summary>Unknown type and plan (TON 0, NPI 0), as short codes are often sent.</summary>
    public static SmppAddress Unknown(string address) => new(0, 0, address);

    internal int Length(int max, string name) => 2 + SmppField.CString(Address, max, name);

    internal void Write(ref SmppBodyWriter writer)
    {
        writer.WriteByte(Ton);
        writer.WriteByte(Npi);
        writer.WriteCString(Address);
    }

    internal static SmppAddress Read(ref SmppBodyReader reader, string name, int max, uint status) =>
        new(reader.ReadByte(), reader.ReadByte(), reader.ReadCString(name, max, status));
}

/// <summary>A PDU with no body (§4.3 generic_nack, §4.11 enquire_link, §4.2 unbind, and the empty responses).</summary>
public abstract record SmppEmptyPdu : SmppPdu
{
    internal override int BodyLength() => SmppField.Tlvs(Tlvs);

    internal override void WriteBody(ref SmppBodyWriter writer) => writer.WriteTlvs(Tlvs);
}

/// <summary>generic_nack (§4.3.1): the answer to a PDU whose header could not be understood.</summary>
public sealed record GenericNack : SmppEmptyPdu
{
    public override SmppCommandId CommandId => SmppCommandId.GenericNack;
}

/// <summary>enquire_link (§4.11.1): a keep-alive either side may send.</summary>
public sealed record EnquireLink : SmppEmptyPdu
{
    public override SmppCommandId CommandId => SmppCommandId.EnquireLink;
}

/// <summary>enquire_link_resp (§4.11.2).</summary>
public sealed record EnquireLinkResp : SmppEmptyPdu
{
    public override SmppCommandId CommandId => SmppCommandId.EnquireLinkResp;
}

/// <summary>unbind (§4.2.1): either side ends the session.</summary>
public sealed record Unbind : SmppEmptyPdu
{
    public override SmppCommandId CommandId => SmppCommandId.Unbind;
}

/// <summary>unbind_resp (§4.2.2).</summary>
public sealed record UnbindResp : SmppEmptyPdu
{
    public override SmppCommandId CommandId => SmppCommandId.UnbindResp;
}

/// <summary>replace_sm_resp (§4.10.2).</summary>
public sealed record ReplaceSmResp : SmppEmptyPdu
{
    public override SmppCommandId CommandId => SmppCommandId.ReplaceSmResp;
}

/// <summary>cancel_sm_resp (§4.9.2).</summary>
public sealed record CancelSmResp : SmppEmptyPdu
{
    public override SmppCommandId CommandId => SmppCommandId.CancelSmResp;
}
