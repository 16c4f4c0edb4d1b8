namespace Tsm.Protocol.Tlv;

/// <summary>Malformed BER-TLV input: truncated, bad tag, oversize or missing length.</summary>
public sealed class TlvFormatException : FormatException
{
    public TlvFormatException(string message, int offset)
        : base($"{message} (at offset {offset}).") => Offset = offset;

    public TlvFormatException()
    {
    }

    public TlvFormatException(string message)
        : base(message)
    {
    }

    public TlvFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The byte offset in the parsed buffer where the problem was found.</summary>
    public int Offset { get; }
}
