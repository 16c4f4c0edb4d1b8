using System.Buffers;

namespace Tsm.Protocol.Sms.Cmpp;

/// <summary>
/// Reads and writes whole CMPP PDUs (docs/sms.md "CMPP 2.0 / 3.0"). Pure: no I/O, no logging. The one switch from Command_Id to
/// PDU type lives in <see cref="Decode(ReadOnlySpan{byte}, CmppVersion)"/>.
/// </summary>
public static class CmppCodec
{
    /// <summary>Bodies up to this size are copied to the stack when a frame spans buffer segments.</summary>
    private const int StackCopyLimit = 512;

    /// <summary>The whole PDU length of <paramref name="pdu"/> in <paramref name="version"/>.</summary>
    public static int GetTotalLength(CmppPdu pdu, CmppVersion version)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        return CmppHeader.Length + pdu.GetBodyLength(version);
    }

    /// <summary>Writes one PDU.</summary>
    /// <exception cref="ArgumentException">A field does not fit its width or the spec's limits.</exception>
    public static void Write(IBufferWriter<byte> output, CmppPdu pdu, CmppVersion version) =>
        Write(output, pdu, version, (pdu ?? throw new ArgumentNullException(nameof(pdu))).SequenceId);

    /// <summary>Writes one PDU with <paramref name="sequenceId"/> in its header (a link numbers requests as it sends them).</summary>
    /// <exception cref="ArgumentException">A field does not fit its width or the spec's limits.</exception>
    public static void Write(IBufferWriter<byte> output, CmppPdu pdu, CmppVersion version, uint sequenceId)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(pdu);
        var length = CmppHeader.Length + pdu.GetBodyLength(version);
        var span = output.GetSpan(length)[..length];
        new CmppHeader((uint)length, pdu.CommandId, sequenceId).Write(span);
        var writer = new CmppBodyWriter(span[CmppHeader.Length..]);
        pdu.WriteBody(ref writer, version);
        if (writer.Position != length - CmppHeader.Length)
            throw new InvalidOperationException($"{pdu.CommandId.SpecName()} wrote {writer.Position} body bytes, {length - CmppHeader.Length} announced");
        output.Advance(length);
    }

    /// <summary>The PDU as a new array (tests, tools; the links write into their pipe).</summary>
    public static byte[] ToArray(CmppPdu pdu, CmppVersion version)
    {
        var buffer = new ArrayBufferWriter<byte>(GetTotalLength(pdu, version));
        Write(buffer, pdu, version);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Tries to take and decode one PDU from the front of <paramref name="buffer"/>; false (buffer unchanged) when more
    /// bytes are needed.
    /// </summary>
    /// <exception cref="CmppFormatException">Bad Total_Length (the link must be closed) or a malformed body.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, CmppVersion version, out CmppPdu? pdu)
    {
        pdu = null;
        if (!CmppFraming.TryReadFrame(ref buffer, CmppHeader.MaxTotalLength(version), out var frame))
            return false;
        pdu = Decode(frame, version);
        return true;
    }

    /// <summary>Decodes one whole PDU held in a sequence.</summary>
    public static CmppPdu Decode(ReadOnlySequence<byte> frame, CmppVersion version)
    {
        if (frame.IsSingleSegment)
            return Decode(frame.FirstSpan, version);
        var length = checked((int)frame.Length);
        if (length <= StackCopyLimit)
        {
            Span<byte> copy = stackalloc byte[length];
            frame.CopyTo(copy);
            return Decode(copy, version);
        }
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            frame.CopyTo(rented);
            return Decode(rented.AsSpan(0, length), version);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes one whole PDU (header included).</summary>
    /// <exception cref="CmppFormatException">The PDU is malformed.</exception>
    public static CmppPdu Decode(ReadOnlySpan<byte> pdu, CmppVersion version)
    {
        if (pdu.Length < CmppHeader.Length)
            throw new CmppFormatException($"a CMPP PDU of {pdu.Length} bytes is shorter than its 12-byte header");
        var header = CmppHeader.Read(pdu);
        if (header.TotalLength < CmppHeader.Length)
            throw new CmppFormatException($"CMPP Total_Length {header.TotalLength} is below the 12-byte header", 0);
        if (header.TotalLength != (uint)pdu.Length)
            throw new CmppFormatException($"Total_Length {header.TotalLength} does not match the {pdu.Length} bytes given", 0);
        var body = pdu[CmppHeader.Length..];
        var sequence = header.SequenceId;
        return header.CommandId switch
        {
            CmppCommandId.Connect => CmppConnect.ReadBody(body, sequence),
            CmppCommandId.ConnectResp => CmppConnectResp.ReadBody(body, sequence),
            CmppCommandId.Submit => CmppSubmit.ReadBody(body, sequence, version),
            CmppCommandId.SubmitResp => CmppSubmitResp.ReadBody(body, sequence),
            CmppCommandId.Deliver => CmppDeliver.ReadBody(body, sequence, version),
            CmppCommandId.DeliverResp => CmppDeliverResp.ReadBody(body, sequence),
            CmppCommandId.ActiveTest => Empty(body, new CmppActiveTest { SequenceId = sequence }),
            CmppCommandId.ActiveTestResp => CmppActiveTestResp.ReadBody(body, sequence),
            CmppCommandId.Terminate => Empty(body, new CmppTerminate { SequenceId = sequence }),
            CmppCommandId.TerminateResp => Empty(body, new CmppTerminateResp { SequenceId = sequence }),
            CmppCommandId.Query => CmppQuery.ReadBody(body, sequence),
            CmppCommandId.QueryResp => CmppQueryResp.ReadBody(body, sequence),
            CmppCommandId.Cancel => CmppCancel.ReadBody(body, sequence),
            CmppCommandId.CancelResp => CmppCancelResp.ReadBody(body, sequence),
            CmppCommandId.Fwd when version == CmppVersion.V20 => CmppFwd.ReadBody(body, sequence),
            CmppCommandId.FwdResp when version == CmppVersion.V20 => CmppFwdResp.ReadBody(body, sequence),
            var id when CmppCommands.IsDefined((uint)id) => new CmppRawPdu(id, body.ToArray()) { SequenceId = sequence },
            var id => throw new CmppFormatException($"unknown Command_Id 0x{(uint)id:X8}", 4),
        };
    }

    private static CmppPdu Empty(ReadOnlySpan<byte> body, CmppPdu pdu) => body.IsEmpty
        ? pdu
        : throw new CmppFormatException($"{pdu.CommandId.SpecName()} has no body, got {body.Length} bytes", CmppHeader.Length);
}
