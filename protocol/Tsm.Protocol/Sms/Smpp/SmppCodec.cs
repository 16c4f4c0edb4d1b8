using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;

namespace Tsm.Protocol.Sms.Smpp;

/// <summary>
/// Frames, decodes and encodes SMPP 3.4 PDUs (§3.2, §4). Pure: no I/O. A reader calls
/// <see cref="TryReadFrame"/> on what it has received: false means "need more bytes"; true hands out one whole PDU
/// and advances the buffer past it, so that a body error (<see cref="Decode(SmppHeader, ReadOnlySpan{byte})"/> throws
/// <see cref="SmppFormatException"/>) can be answered and reading goes on. A bad command_length throws a framing
/// <see cref="SmppFormatException"/>: the stream cannot be resynchronised and the connection is closed.
/// </summary>
public static class SmppCodec
{
    /// <summary>Largest PDU accepted by default: a 64 KB message_payload plus the header and mandatory fields.</summary>
    public const int DefaultMaxPduLength = 70_000;

    private const int StackCopyLimit = 512;

    /// <summary>Takes one whole PDU off the front of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Received bytes; on success it is advanced past the PDU.</param>
    /// <param name="header">The PDU's header.</param>
    /// <param name="body">The PDU's body (command_length − 16 octets).</param>
    /// <param name="maxLength">Largest command_length accepted.</param>
    /// <returns>False when more bytes are needed.</returns>
    /// <exception cref="SmppFormatException">command_length is below 16 or above <paramref name="maxLength"/> (framing).</exception>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out SmppHeader header, out ReadOnlySequence<byte> body, int maxLength = DefaultMaxPduLength)
    {
        body = default;
        header = default;
        if (buffer.Length < 4)
            return false;
        Span<byte> head = stackalloc byte[SmppHeader.Size];
        var available = (int)Math.Min(buffer.Length, SmppHeader.Size);
        buffer.Slice(0, available).CopyTo(head);
        var length = BinaryPrimitives.ReadUInt32BigEndian(head);
        // Reject a bad length as soon as it is known, before waiting for a body that may never come (docs/architecture.md "Conventions").
        if (length < SmppHeader.Size || length > (uint)maxLength)
        {
            var commandId = available >= 8 ? BinaryPrimitives.ReadUInt32BigEndian(head[4..]) : 0;
            var sequence = available >= 16 ? BinaryPrimitives.ReadUInt32BigEndian(head[12..]) : 0;
            throw new SmppFormatException(
                $"command_length {length} is outside {SmppHeader.Size}..{maxLength}", SmppStatus.RINVCMDLEN, commandId, sequence, isFraming: true);
        }
        if (buffer.Length < length)
            return false;
        header = new SmppHeader(
            length,
            BinaryPrimitives.ReadUInt32BigEndian(head[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(head[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(head[12..]));
        body = buffer.Slice(SmppHeader.Size, length - SmppHeader.Size);
        buffer = buffer.Slice(length);
        return true;
    }

    /// <summary>Frames and decodes one PDU (see <see cref="TryReadFrame"/> and <see cref="Decode(SmppHeader, ReadOnlySequence{byte})"/>).</summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out SmppPdu? pdu, int maxLength = DefaultMaxPduLength)
    {
        if (!TryReadFrame(ref buffer, out var header, out var body, maxLength))
        {
            pdu = null;
            return false;
        }
        pdu = Decode(header, body);
        return true;
    }

    /// <summary>Decodes a whole PDU held in one span (header included).</summary>
    /// <exception cref="SmppFormatException">The PDU is malformed; see its status.</exception>
    public static SmppPdu Decode(ReadOnlySpan<byte> pdu, int maxLength = DefaultMaxPduLength)
    {
        var sequence = new ReadOnlySequence<byte>(pdu.ToArray());
        if (!TryReadFrame(ref sequence, out var header, out var body, maxLength))
            throw new SmppFormatException($"the PDU is truncated: {pdu.Length} octets", SmppStatus.RINVCMDLEN, 0, 0, isFraming: true);
        if (!sequence.IsEmpty)
            throw new SmppFormatException(
                $"{sequence.Length} octets follow the PDU's command_length {header.Length}", SmppStatus.RINVCMDLEN, header.CommandId, header.Sequence, isFraming: true);
        return Decode(header, body);
    }

    /// <summary>Decodes a body that may span several segments.</summary>
    public static SmppPdu Decode(SmppHeader header, ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment)
            return Decode(header, body.FirstSpan);
        var length = (int)body.Length;
        if (length <= StackCopyLimit)
        {
            Span<byte> copy = stackalloc byte[length];
            body.CopyTo(copy);
            return Decode(header, copy);
        }
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            body.CopyTo(rented);
            return Decode(header, rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes a body by command_id (one switch maps id to type, docs/architecture.md "Conventions").</summary>
    /// <exception cref="SmppFormatException">Unknown command_id (ESME_RINVCMDID) or a malformed body.</exception>
    public static SmppPdu Decode(SmppHeader header, ReadOnlySpan<byte> body)
    {
        var reader = new SmppBodyReader(body, header);
        SmppPdu pdu = (SmppCommandId)header.CommandId switch
        {
            SmppCommandId.GenericNack => Empty<GenericNack>(ref reader),
            SmppCommandId.BindReceiver => Bind.Read(ref reader, SmppBindMode.Receiver),
            SmppCommandId.BindTransmitter => Bind.Read(ref reader, SmppBindMode.Transmitter),
            SmppCommandId.BindTransceiver => Bind.Read(ref reader, SmppBindMode.Transceiver),
            SmppCommandId.BindReceiverResp => BindResp.Read(ref reader, SmppBindMode.Receiver),
            SmppCommandId.BindTransmitterResp => BindResp.Read(ref reader, SmppBindMode.Transmitter),
            SmppCommandId.BindTransceiverResp => BindResp.Read(ref reader, SmppBindMode.Transceiver),
            SmppCommandId.Outbind => Outbind.Read(ref reader),
            SmppCommandId.Unbind => Empty<Unbind>(ref reader),
            SmppCommandId.UnbindResp => Empty<UnbindResp>(ref reader),
            SmppCommandId.EnquireLink => Empty<EnquireLink>(ref reader),
            SmppCommandId.EnquireLinkResp => Empty<EnquireLinkResp>(ref reader),
            SmppCommandId.SubmitSm => SmppShortMessagePdu.Read<SubmitSm>(ref reader),
            SmppCommandId.SubmitSmResp => SmppMessageIdResp.Read<SubmitSmResp>(ref reader),
            SmppCommandId.DeliverSm => SmppShortMessagePdu.Read<DeliverSm>(ref reader),
            SmppCommandId.DeliverSmResp => SmppMessageIdResp.Read<DeliverSmResp>(ref reader),
            SmppCommandId.DataSm => DataSm.Read(ref reader),
            SmppCommandId.DataSmResp => SmppMessageIdResp.Read<DataSmResp>(ref reader),
            SmppCommandId.QuerySm => QuerySm.Read(ref reader),
            SmppCommandId.QuerySmResp => QuerySmResp.Read(ref reader),
            SmppCommandId.CancelSm => CancelSm.Read(ref reader),
            SmppCommandId.CancelSmResp => Empty<CancelSmResp>(ref reader),
            SmppCommandId.ReplaceSm => ReplaceSm.Read(ref reader),
            SmppCommandId.ReplaceSmResp => Empty<ReplaceSmResp>(ref reader),
            SmppCommandId.SubmitMulti => SubmitMulti.Read(ref reader),
            SmppCommandId.SubmitMultiResp => SubmitMultiResp.Read(ref reader),
            SmppCommandId.AlertNotification => AlertNotification.Read(ref reader),
            _ => throw new SmppFormatException(
                $"command_id 0x{header.CommandId:X8} is not an SMPP 3.4 command", SmppStatus.RINVCMDID, header.CommandId, header.Sequence, isFraming: false),
        };
        pdu.SetHeader(header.Status, header.Sequence);
        return pdu;
    }

    /// <summary>Encodes a PDU with its own sequence number.</summary>
    /// <returns>The number of octets written.</returns>
    public static int Write(SmppPdu pdu, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        return Write(pdu, pdu.Sequence, output);
    }

    /// <summary>Encodes a PDU with the given sequence number (a link numbers its requests as it sends them).</summary>
    /// <returns>The number of octets written.</returns>
    /// <exception cref="ArgumentException">A field is longer than the spec allows.</exception>
    public static int Write(SmppPdu pdu, uint sequence, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        ArgumentNullException.ThrowIfNull(output);
        // command_length = 16 (header) + mandatory body + TLVs; each type sums its own fields. A response with a non-zero
        // command_status has no body at all (§3.2.1.3, and e.g. §4.1.2, §4.4.2: "the body is not returned").
        var withoutBody = pdu.IsResponse && pdu.Status != SmppStatus.ROK;
        var length = SmppHeader.Size + (withoutBody ? 0 : pdu.BodyLength());
        var span = output.GetSpan(length);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)length);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], (uint)pdu.CommandId);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], pdu.Status);
        BinaryPrimitives.WriteUInt32BigEndian(span[12..], sequence);
        var writer = new SmppBodyWriter(span[SmppHeader.Size..length]);
        if (!withoutBody)
            pdu.WriteBody(ref writer);
        Debug.Assert(writer.Position == length - SmppHeader.Size, "BodyLength and WriteBody disagree");
        output.Advance(length);
        return length;
    }

    /// <summary>The PDU's wire bytes.</summary>
    public static byte[] ToArray(SmppPdu pdu)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        Write(pdu, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The answer to a PDU that failed to decode: generic_nack for a bad header or an unknown command, else the
    /// command's own response with the error status (no body, as §4.4.2 allows), or null when the command has no response.
    /// </summary>
    public static SmppPdu? ErrorResponse(SmppFormatException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (SmppCommands.IsResponse(error.CommandId) && !error.IsFraming && SmppCommands.IsKnown(error.CommandId))
            return null; // never answer a response
        if (error.AnswerWithGenericNack)
            return new GenericNack { Status = error.Status, Sequence = error.Sequence };
        return EmptyResponse((SmppCommandId)error.CommandId, error.Status, error.Sequence);
    }

    /// <summary>A body-less response to a request (the form an error response takes).</summary>
    public static SmppPdu? EmptyResponse(SmppCommandId request, uint status, uint sequence) => request switch
    {
        SmppCommandId.BindReceiver => new BindResp { Mode = SmppBindMode.Receiver, Status = status, Sequence = sequence },
        SmppCommandId.BindTransmitter => new BindResp { Mode = SmppBindMode.Transmitter, Status = status, Sequence = sequence },
        SmppCommandId.BindTransceiver => new BindResp { Mode = SmppBindMode.Transceiver, Status = status, Sequence = sequence },
        SmppCommandId.SubmitSm => new SubmitSmResp { Status = status, Sequence = sequence },
        SmppCommandId.DeliverSm => new DeliverSmResp { Status = status, Sequence = sequence },
        SmppCommandId.DataSm => new DataSmResp { Status = status, Sequence = sequence },
        SmppCommandId.QuerySm => new QuerySmResp { Status = status, Sequence = sequence },
        SmppCommandId.CancelSm => new CancelSmResp { Status = status, Sequence = sequence },
        SmppCommandId.ReplaceSm => new ReplaceSmResp { Status = status, Sequence = sequence },
        SmppCommandId.SubmitMulti => new SubmitMultiResp { Status = status, Sequence = sequence },
        SmppCommandId.Unbind => new UnbindResp { Status = status, Sequence = sequence },
        SmppCommandId.EnquireLink => new EnquireLinkResp { Status = status, Sequence = sequence },
        _ => null,
    };

    private static T Empty<T>(ref SmppBodyReader reader)
        where T : SmppEmptyPdu, new()
    {
        reader.ExpectEnd();
        return new T();
    }
}
