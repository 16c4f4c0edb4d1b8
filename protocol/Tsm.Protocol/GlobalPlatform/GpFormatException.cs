namespace Tsm.Protocol.GlobalPlatform;

/// <summary>
/// Malformed GlobalPlatform command or response data (GP 2.2.1 chapter 11). Every parser in this namespace
/// throws only this type; TLV, APDU and AID errors are wrapped so callers (the simulator answering
/// <c>6A80</c>) need one catch.
/// </summary>
public sealed class GpFormatException : FormatException
{
    public GpFormatException()
    {
    }

    public GpFormatException(string message)
        : base(message)
    {
    }

    public GpFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal delegate T SpanParser<out T>(ReadOnlySpan<byte> data);

    /// <summary>Runs a parser and turns every format or range error it raises into a <see cref="GpFormatException"/>.</summary>
    internal static T Guard<T>(string what, ReadOnlySpan<byte> data, SpanParser<T> parser)
    {
        try
        {
            return parser(data);
        }
        catch (GpFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new GpFormatException($"Malformed {what}: {e.Message}", e);
        }
    }
}
