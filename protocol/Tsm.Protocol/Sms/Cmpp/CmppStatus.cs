namespace Tsm.Protocol.Sms.Cmpp;

/// <summary>CONNECT_RESP Status values (docs/sms.md "CMPP 2.0 / 3.0", CMPP 3.0 §7.4.3.2).</summary>
public static class CmppConnectStatus
{
    public const uint Ok = 0;
    public const uint InvalidStructure = 1;
    public const uint IllegalSourceAddress = 2;
    public const uint AuthenticationFailed = 3;
    public const uint VersionTooHigh = 4;

    /// <summary>5 and above: other errors.</summary>
    public const uint Other = 5;

    public static string Name(uint status) => status switch
    {
        Ok => "OK",
        InvalidStructure => "invalid structure",
        IllegalSourceAddress => "illegal source address",
        AuthenticationFailed => "authentication failed",
        VersionTooHigh => "version too high",
        _ => "other error",
    };
}

/// <summary>SUBMIT_RESP (and DELIVER_RESP) Result values (docs/sms.md "CMPP 2.0 / 3.0", CMPP 3.0 §7.4.3.4).</summary>
public static class CmppSubmitResult
{
    public const uint Ok = 0;
    public const uint InvalidStructure = 1;
    public const uint InvalidCommand = 2;
    public const uint DuplicateSequence = 3;
    public const uint InvalidLength = 4;
    public const uint InvalidFeeCode = 5;
    public const uint MessageTooLong = 6;
    public const uint InvalidServiceId = 7;

    /// <summary>Flow control: the ISMG is throttling; pause and re-queue (docs/sms.md "CMPP 2.0 / 3.0" and "The link layer").</summary>
    public const uint FlowControl = 8;

    public const uint FeeTerminalNotServed = 9;
    public const uint InvalidSrcId = 10;
    public const uint InvalidMsgSrc = 11;
    public const uint InvalidFeeTerminalId = 12;
    public const uint InvalidDestTerminalId = 13;

    /// <summary>Codes 100–199 are defined by each vendor.</summary>
    public static bool IsVendorDefined(uint result) => result is >= 100 and <= 199;

    public static string Name(uint result) => result switch
    {
        Ok => "OK",
        InvalidStructure => "invalid structure",
        InvalidCommand => "invalid command",
        DuplicateSequence => "duplicate sequence",
        InvalidLength => "invalid length",
        InvalidFeeCode => "invalid fee code",
        MessageTooLong => "message too long",
        InvalidServiceId => "invalid service id",
        FlowControl => "flow control",
        FeeTerminalNotServed => "fee terminal not served by this gateway",
        InvalidSrcId => "invalid Src_Id",
        InvalidMsgSrc => "invalid Msg_src",
        InvalidFeeTerminalId => "invalid Fee_terminal_Id",
        InvalidDestTerminalId => "invalid Dest_terminal_Id",
        _ when IsVendorDefined(result) => "vendor-defined error",
        _ => "unknown error",
    };
}

/// <summary>Msg_Fmt values (docs/sms.md "CMPP 2.0 / 3.0").</summary>
public static class CmppMsgFmt
{
    public const byte Ascii = 0;
    public const byte SimWrite = 3;
    public const byte Binary = 4;
    public const byte Ucs2 = 8;
    public const byte Gb = 15;

    /// <summary>Largest Msg_Length for a format: below 160 for ASCII, at most 140 otherwise.</summary>
    public static int MaxContentLength(byte msgFmt) => msgFmt == Ascii ? 159 : 140;
}

/// <summary>Stat values of a status report (docs/sms.md "CMPP 2.0 / 3.0"); gateways also send codes such as MA:xxxx.</summary>
public static class CmppStat
{
    public const string Delivered = "DELIVRD";
    public const string Expired = "EXPIRED";
    public const string Deleted = "DELETED";
    public const string Undeliverable = "UNDELIV";
    public const string Accepted = "ACCEPTD";
    public const string Unknown = "UNKNOWN";
    public const string Rejected = "REJECTD";
}
