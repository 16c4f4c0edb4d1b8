namespace Tsm.Protocol.Scripts;

/// <summary>
/// The "bad format" error types of the expanded remote format (ETSI TS 102 226 §5.2.2, Bad format TLV, tag 90):
/// what a card reports when it cannot decode a command script.
/// </summary>
public enum BadFormatCode : byte
{
    /// <summary>01: a tag that is not defined for the template.</summary>
    UnknownTag = 0x01,

    /// <summary>02: a length that does not fit the data (value runs past the end, bad length field).</summary>
    WrongLength = 0x02,

    /// <summary>03: a tag with no length field after it.</summary>
    LengthMissing = 0x03,
}

/// <summary>
/// A command or response script that is not valid expanded remote format (ETSI TS 102 226 §5.2). Every decoding
/// failure of <see cref="CommandScript"/> and <see cref="ResponseScript"/> is reported with this type, so that a
/// card simulator can answer with a bad-format TLV and a gateway can reject a response without catching broadly.
/// </summary>
public sealed class ScriptFormatException : FormatException
{
    public ScriptFormatException()
    {
    }

    public ScriptFormatException(string message)
        : base(message)
    {
    }

    public ScriptFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ScriptFormatException(string message, BadFormatCode? code, int offset, Exception? innerException = null)
        : base($"{message} (at offset {offset}).", innerException)
    {
        Code = code;
        Offset = offset;
    }

    /// <summary>The TS 102 226 bad-format error type, when one of the three defined types describes the fault.</summary>
    public BadFormatCode? Code { get; }

    /// <summary>Byte offset in the script where the fault was found.</summary>
    public int Offset { get; }
}
