using System.Buffers;
using System.Buffers.Binary;

namespace Tsm.Simulator.Vpcd;

/// <summary>
/// The vpcd wire format (vsmartcard's virtual PCD driver, both directions): a 2-byte big-endian payload length, then
/// the payload. A 1-byte payload from vpcd is a <see cref="VpcdControl"/> code; a longer one is a command APDU. The card
/// answers get-ATR and every command APDU with one frame. Pure: no I/O, no logging.
/// </summary>
public static class VpcdFraming
{
    /// <summary>Size of the length prefix.</summary>
    public const int HeaderLength = 2;

    /// <summary>The largest payload the 16-bit length can express: any extended APDU the reader sends fits.</summary>
    public const int MaxPayloadLength = ushort.MaxValue;

    /// <summary>Default TCP port of reader 0 ('Virtual PCD 00 00'); reader <c>n</c> listens on this port + n.</summary>
    public const int DefaultPort = 35963;

    /// <summary>
    /// Tries to take one whole frame from the front of <paramref name="buffer"/>. On success the payload is sliced out
    /// and <paramref name="buffer"/> moves past it; otherwise <paramref name="buffer"/> is left as it was (more bytes needed).
    /// </summary>
    /// <param name="buffer">Unconsumed bytes; on success moved past the frame.</param>
    /// <param name="maxPayloadLength">Frames announcing more than this are rejected before their body is awaited.</param>
    /// <param name="payload">The frame's payload, a slice of <paramref name="buffer"/>.</param>
    /// <exception cref="InvalidDataException">The length is 0 or above <paramref name="maxPayloadLength"/>.</exception>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxPayloadLength, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (buffer.Length < HeaderLength)
            return false;

        // Frame first: judge the length before waiting for the body.
        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        int length = BinaryPrimitives.ReadUInt16BigEndian(header);
        if (length == 0)
            throw new InvalidDataException("vpcd frame with an empty payload");
        if (length > maxPayloadLength)
            throw new InvalidDataException($"vpcd frame of {length} bytes exceeds the maximum of {maxPayloadLength}");

        if (buffer.Length < HeaderLength + length)
            return false;
        payload = buffer.Slice(HeaderLength, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>Writes one frame carrying <paramref name="payload"/>.</summary>
    /// <exception cref="ArgumentException">The payload is empty or longer than <see cref="MaxPayloadLength"/>.</exception>
    public static void WriteFrame(IBufferWriter<byte> output, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (payload.IsEmpty || payload.Length > MaxPayloadLength)
            throw new ArgumentException($"a vpcd payload has 1 to {MaxPayloadLength} bytes, not {payload.Length}", nameof(payload));

        var size = HeaderLength // big-endian payload length
            + payload.Length;   // payload
        var span = output.GetSpan(size);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)payload.Length);
        payload.CopyTo(span[HeaderLength..]);
        output.Advance(size);
    }
}

/// <summary>The 1-byte control payloads vpcd sends (vsmartcard <c>vpcd.h</c>: VPCD_CTRL_*).</summary>
public enum VpcdControl : byte
{
    /// <summary>Power off the card; no answer.</summary>
    PowerOff = 0,

    /// <summary>Power on the card; no answer.</summary>
    PowerOn = 1,

    /// <summary>Warm reset; no answer.</summary>
    Reset = 2,

    /// <summary>Send the ATR as one frame. vpcd also polls this to see whether the card is still there.</summary>
    GetAtr = 4,
}
