namespace Tsm.Protocol.Sms.Cmpp;

/// <summary>
/// A malformed CMPP PDU: a Total_Length below the header or above the maximum, a body whose size does not match its
/// fields, an unknown Command_Id or a field out of range. A framing error means the link cannot be trusted any more
/// and is closed; a body error in a whole frame may be answered (SUBMIT_RESP Result 1).
/// </summary>
public sealed class CmppFormatException : FormatException
{
    public CmppFormatException()
    {
    }

    public CmppFormatException(string message)
        : base(message)
    {
    }

    public CmppFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A body error at <paramref name="offset"/> of the PDU (counting the 12-byte header).</summary>
    public CmppFormatException(string message, int offset)
        : base($"{message} (at offset {offset})") => Offset = offset;

    /// <summary>Offset in the PDU where the problem was found, or -1 when not about one field.</summary>
    public int Offset { get; } = -1;
}
