namespace Tsm.Protocol.Sms.Cmpp;

/// <summary>
/// CMPP_CONNECT (docs/sms.md "CMPP 2.0 / 3.0"; CMPP 3.0 §7.4.3.1), 39 bytes in both versions: Source_Addr 6 (the SP_Id),
/// AuthenticatorSource 16, Version 1, Timestamp 4 (MMDDHHMMSS as a number).
/// </summary>
public sealed record CmppConnect : CmppPdu
{
    public const int BodySize =
        6                             // Source_Addr
        + CmppAuthenticator.Length    // AuthenticatorSource
        + 1                           // Version
        + 4;                          // Timestamp

    public override CmppCommandId CommandId => CmppCommandId.Connect;

    public string SourceAddr { get; init; } = string.Empty;

    public ReadOnlyMemory<byte> AuthenticatorSource { get; init; }

    /// <summary>The raw Version byte: an ISMG must see versions it does not speak to refuse them (Status 4).</summary>
    public byte Version { get; init; }

    public uint Timestamp { get; init; }

    /// <summary>A CONNECT for <paramref name="spId"/>, its authenticator computed from the secret and the local time.</summary>
    public static CmppConnect Create(string spId, string sharedSecret, CmppVersion version, DateTime localTime, uint sequenceId)
    {
        CmppText.Check(spId, 6, nameof(spId));
        var timestamp = CmppAuthenticator.Timestamp(localTime);
        return new CmppConnect
        {
            SequenceId = sequenceId,
            SourceAddr = spId,
            AuthenticatorSource = CmppAuthenticator.ComputeSource(spId, sharedSecret, timestamp),
            Version = (byte)version,
            Timestamp = timestamp,
        };
    }

    public override int GetBodyLength(CmppVersion version) => BodySize;

    internal override void WriteBody(ref CmppBodyWriter writer, CmppVersion version)
    {
        if (AuthenticatorSource.Length != CmppAuthenticator.Length)
            throw new ArgumentException($"AuthenticatorSource has {CmppAuthenticator.Length} octets, not {AuthenticatorSource.Length}");
        writer.Text(SourceAddr, 6);
        writer.Bytes(AuthenticatorSource.Span);
        writer.U8(Version);
        writer.U32(Timestamp);
    }

    internal static CmppConnect ReadBody(ReadOnlySpan<byte> body, uint sequenceId)
    {
        var reader = new CmppBodyReader(body);
        var pdu = new CmppConnect
        {
            SequenceId = sequenceId,
            SourceAddr = reader.Text(6, "Source_Addr"),
            AuthenticatorSource = reader.Bytes(CmppAuthenticator.Length, "AuthenticatorSource").ToArray(),
            Version = reader.U8(),
            Timestamp = reader.U32(),
        };
        reader.End("CMPP_CONNECT");
        return pdu;
    }
}

/// <summary>
/// CMPP_CONNECT_RESP (docs/sms.md "CMPP 2.0 / 3.0"; CMPP 3.0 §7.4.3.2): Status (1 octet in 2.0 → 30 bytes; 4 in 3.0 → 33 bytes),
/// AuthenticatorISMG 16 (zeros when the status is not OK), Version 1. The reader tells the versions apart by length,
/// so a 3.0 client still reads a 2.0 ISMG's refusal.
/// </summary>
public sealed record CmppConnectResp : CmppPdu
{
    public override CmppCommandId CommandId => CmppCommandId.ConnectResp;

    public uint Status { get; init; }

    public ReadOnlyMemory<byte> AuthenticatorIsmg { get; init; }

    public byte Version { get; init; }

    /// <summary>The ISMG's answer to <paramref name="connect"/>: on OK the authenticator proves the ISMG knows the secret.</summary>
    public static CmppConnectResp Create(CmppConnect connect, uint status, string? sharedSecret, CmppVersion version)
    {
        ArgumentNullException.ThrowIfNull(connect);
        return new CmppConnectResp
        {
            SequenceId = connect.SequenceId,
            Status = status,
            AuthenticatorIsmg = status == CmppConnectStatus.Ok
                ? CmppAuthenticator.ComputeIsmg(status, connect.AuthenticatorSource.Span, sharedSecret ?? throw new ArgumentNullException(nameof(sharedSecret)), version)
                : new byte[CmppAuthenticator.Length],
            Version = (byte)version,
        };
    }

    public override int GetBodyLength(CmppVersion version) =>
        version.ResultLength()            // Status
        + CmppAuthenticator.Length        // AuthenticatorISMG
        + 1;                              // Version

    internal override void WriteBody(ref CmppBodyWriter writer, CmppVersion version)
    {
        if (AuthenticatorIsmg.Length > CmppAuthenticator.Length)
            throw new ArgumentException($"AuthenticatorISMG has at most {CmppAuthenticator.Length} octets");
        writer.Result(Status, version.ResultLength());
        writer.Bytes(AuthenticatorIsmg.Span, CmppAuthenticator.Length);
        writer.U8(Version);
    }

    internal static CmppConnectResp ReadBody(ReadOnlySpan<byte> body, uint sequenceId)
    {
        var width = body.Length switch
        {
            1 + CmppAuthenticator.Length + 1 => 1,
            4 + CmppAuthenticator.Length + 1 => 4,
            _ => throw new CmppFormatException($"CMPP_CONNECT_RESP body of {body.Length} bytes; 18 (2.0) or 21 (3.0) expected", CmppHeader.Length),
        };
        var reader = new CmppBodyReader(body);
        return new CmppConnectResp
        {
            SequenceId = sequenceId,
            Status = reader.Result(width),
            AuthenticatorIsmg = reader.Bytes(CmppAuthenticator.Length, "AuthenticatorISMG").ToArray(),
            Version = reader.U8(),
        };
    }
}
