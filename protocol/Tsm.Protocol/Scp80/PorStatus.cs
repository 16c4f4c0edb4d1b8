namespace Tsm.Protocol.Scp80;

/// <summary>Response status codes of a proof of receipt (ETSI TS 102 225 §5.2.1, table "response status codes").</summary>
public enum PorStatus : byte
{
    /// <summary>00: PoR OK.</summary>
    Ok = 0x00,

    /// <summary>01: RC/CC/DS failed.</summary>
    ChecksumFailed = 0x01,

    /// <summary>02: counter low.</summary>
    CounterLow = 0x02,

    /// <summary>03: counter high.</summary>
    CounterHigh = 0x03,

    /// <summary>04: counter blocked.</summary>
    CounterBlocked = 0x04,

    /// <summary>05: ciphering error.</summary>
    CipheringError = 0x05,

    /// <summary>06: unidentified security error (the header could not be interpreted).</summary>
    UnidentifiedSecurityError = 0x06,

    /// <summary>07: insufficient memory to process the incoming message.</summary>
    InsufficientMemory = 0x07,

    /// <summary>08: more time needed.</summary>
    MoreTime = 0x08,

    /// <summary>09: TAR unknown.</summary>
    TarUnknown = 0x09,

    /// <summary>0A: insufficient security level.</summary>
    InsufficientSecurityLevel = 0x0A,

    /// <summary>0B: the actual response data follow in an SMS-SUBMIT (3GPP TS 31.115).</summary>
    ResponseBySmsSubmit = 0x0B,

    /// <summary>0C: the actual response data follow in a USSD message (3GPP TS 31.115).</summary>
    ResponseByUssd = 0x0C,
}
