using System.Buffers;
using System.Buffers.Binary;

namespace Tsm.Protocol.Sms.Cmpp;

/// <summary>
/// The 12-byte CMPP message header (docs/sms.md "CMPP 2.0 / 3.0", CMPP 3.0 §7.4.1), big-endian: Total_Length (header and body),
/// Command_Id, Sequence_Id (the response copies the request's value).
/// </summary>
public readonly record struct CmppHeader(uint TotalLength, CmppCommandId CommandId, uint SequenceId)
{
    /// <summary>Size of the header.</summary>
    public const int Length = 12;

    /// <summary>Default port of a long connection SP↔ISMG.</summary>
    public const int LongConnectionPort = 7890;

    /// <summary>Default port of a short connection SP↔ISMG.</summary>
    public const int ShortConnectionPort = 7900;

    /// <summary>Body length announced by the header.</summary>
    public int BodyLength => (int)TotalLength - Length;

    /// <summary>
    /// The largest PDU of a version: a SUBMIT to 99 destinations (DestUsr_tl &lt; 100) with 255 octets of content
    /// (the widest a 1-octet Msg_Length allows), or in 2.0 the like CMPP_FWD. Frames announcing more are rejected before
    /// their body is awaited.
    /// </summary>
    public static int MaxTotalLength(CmppVersion version) => version == CmppVersion.V20
        ? Math.Max(CmppSubmit.GetTotalLength(version, CmppSubmit.MaxDestinations, byte.MaxValue), MaxFwdLength)
        : CmppSubmit.GetTotalLength(version, CmppSubmit.MaxDestinations, byte.MaxValue);

    /// <summary>The longest 2.0 CMPP_FWD: 99 destinations and 255 octets of content (2,486 octets).</summary>
    private static readonly int MaxFwdLength = Length + new CmppFwd { DestIds = new string[CmppFwd.MaxDestinations], MsgContent = new byte[byte.MaxValue] }.GetBodyLength(CmppVersion.V20);

    /// <summary>Reads a header from the first 12 bytes of <paramref name="source"/>.</summary>
    public static CmppHeader Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt32BigEndian(source),
        (CmppCommandId)BinaryPrimitives.ReadUInt32BigEndian(source[4..]),
        BinaryPrimitives.ReadUInt32BigEndian(source[8..]));

    /// <summary>Writes the header into the first 12 bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, TotalLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)CommandId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], SequenceId);
    }
}

/// <summary>Splits a CMPP byte stream into whole PDUs. Pure: no I/O.</summary>
public static class CmppFraming
{
    /// <summary>
    /// Tries to take one whole PDU (header included) from the front of <paramref name="buffer"/>. On success the PDU is
    /// sliced out and <paramref name="buffer"/> moves past it; otherwise <paramref name="buffer"/> is unchanged (more
    /// bytes needed).
    /// </summary>
    /// <exception cref="CmppFormatException">Total_Length is below 12 or above <paramref name="maxTotalLength"/>.</exception>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxTotalLength, out ReadOnlySequence<byte> pdu)
    {
        pdu = default;
        if (buffer.Length < 4)
            return false;

        // Frame first: judge Total_Length before waiting for the body.
        uint length;
        var first = buffer.FirstSpan;
        if (first.Length >= 4)
        {
            length = BinaryPrimitives.ReadUInt32BigEndian(first);
        }
        else
        {
            Span<byte> prefix = stackalloc byte[4];
            buffer.Slice(0, 4).CopyTo(prefix);
            length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        }
        if (length < CmppHeader.Length)
            throw new CmppFormatException($"CMPP Total_Length {length} is below the 12-byte header");
        if (length > (uint)maxTotalLength)
            throw new CmppFormatException($"CMPP Total_Length {length} exceeds the maximum of {maxTotalLength}");

        if (buffer.Length < length)
            return false;
        pdu = buffer.Slice(0, length);
        buffer = buffer.Slice(pdu.End);
        return true;
    }
}
