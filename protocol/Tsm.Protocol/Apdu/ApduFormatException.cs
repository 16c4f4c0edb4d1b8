namespace Tsm.Protocol.Apdu;

/// <summary>A byte string that is not a valid command or response APDU (ISO/IEC 7816-3 §12.1, 7816-4 §5.1).</summary>
public sealed class ApduFormatException : FormatException
{
    public ApduFormatException()
    {
    }

    public ApduFormatException(string message)
        : base(message)
    {
    }

    public ApduFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
