namespace Tsm.Protocol.Apdu;

/// <summary>SW1 SW2 of a response APDU, with its name from <see cref="StatusWords"/>.</summary>
public readonly record struct StatusWord(ushort Value)
{
    public byte Sw1 => (byte)(Value >> 8);

    public byte Sw2 => (byte)Value;

    /// <summary>9000, or 61xx (more data available, ISO/IEC 7816-4 §5.1.3).</summary>
    public bool IsSuccess => Value == 0x9000 || Sw1 == 0x61;

    /// <summary>The catalogue name, e.g. "security status not satisfied".</summary>
    public string Name => StatusWords.Describe(this);

    public static implicit operator StatusWord(ushort value) => new(value);

    public override string ToString() => $"{Value:X4}";
}

/// <summary>
/// Status words used by GlobalPlatform card content management (GP 2.2.1 §11.1.3 and the command
/// tables of chapter 11) and ISO/IEC 7816-4 §5.1.3, with names.
/// </summary>
public static class StatusWords
{
    // ISO/IEC 7816-4 §5.1.3: normal processing
    public static readonly StatusWord Success = 0x9000;
    public static readonly StatusWord MoreData = 0x6310;

    // GP 2.2.1 Appendix E: secure channel
    public static readonly StatusWord AuthenticationFailed = 0x6300;

    // ISO/IEC 7816-4 §5.1.3: execution and checking errors
    public static readonly StatusWord NoSpecificDiagnosis = 0x6400;
    public static readonly StatusWord ImportedPackageMissing = 0x6438;
    public static readonly StatusWord MemoryFailure = 0x6581;
    public static readonly StatusWord WrongLength = 0x6700;
    public static readonly StatusWord LogicalChannelNotSupported = 0x6881;
    public static readonly StatusWord SecureMessagingNotSupported = 0x6882;
    public static readonly StatusWord SecurityStatusNotSatisfied = 0x6982;
    public static readonly StatusWord AuthenticationMethodBlocked = 0x6983;
    public static readonly StatusWord ReferencedDataInvalidated = 0x6984;
    public static readonly StatusWord ConditionsNotSatisfied = 0x6985;
    public static readonly StatusWord IncorrectSecureMessagingData = 0x6988;
    public static readonly StatusWord IncorrectData = 0x6A80;
    public static readonly StatusWord FunctionNotSupported = 0x6A81;
    public static readonly StatusWord FileNotFound = 0x6A82;
    public static readonly StatusWord NotEnoughMemory = 0x6A84;
    public static readonly StatusWord IncorrectP1P2 = 0x6A86;
    public static readonly StatusWord ReferencedDataNotFound = 0x6A88;
    public static readonly StatusWord InsNotSupported = 0x6D00;
    public static readonly StatusWord ClaNotSupported = 0x6E00;
    public static readonly StatusWord NoPreciseDiagnosis = 0x6F00;

    // GP 2.2.1 §11.8.3: PUT KEY
    public static readonly StatusWord AlgorithmNotSupported = 0x9484;
    public static readonly StatusWord InvalidKeyCheckValue = 0x9485;

    // ETSI TS 102 226 §5.2.2: response data truncated in an expanded script
    public static readonly StatusWord ScriptResponseTruncated = 0x62F1;

    private static readonly Dictionary<ushort, string> Names = new()
    {
        [0x9000] = "success",
        [0x6310] = "more data available",
        [0x6300] = "authentication failed",
        [0x6400] = "no specific diagnosis",
        [0x6438] = "imported package missing",
        [0x6581] = "memory failure",
        [0x6700] = "wrong length",
        [0x6881] = "logical channel not supported",
        [0x6882] = "secure messaging not supported",
        [0x6982] = "security status not satisfied",
        [0x6983] = "authentication method blocked",
        [0x6984] = "referenced data invalidated",
        [0x6985] = "conditions of use not satisfied",
        [0x6988] = "incorrect secure messaging data",
        [0x6A80] = "incorrect values in command data",
        [0x6A81] = "function not supported",
        [0x6A82] = "application not found",
        [0x6A84] = "not enough memory space",
        [0x6A86] = "incorrect P1 P2",
        [0x6A88] = "referenced data not found",
        [0x6D00] = "instruction not supported",
        [0x6E00] = "class not supported",
        [0x6F00] = "no precise diagnosis",
        [0x9484] = "algorithm not supported",
        [0x9485] = "invalid key check value",
        [0x62F1] = "response data truncated",
    };

    /// <summary>A readable name for any status word.</summary>
    public static string Describe(StatusWord sw)
    {
        if (Names.TryGetValue(sw.Value, out var name))
            return name;
        return sw.Sw1 switch
        {
            0x61 => $"{sw.Sw2} more bytes available",
            0x6C => $"wrong Le, exact length is {sw.Sw2}",
            0x63 when (sw.Sw2 & 0xF0) == 0xC0 => $"verification failed, {sw.Sw2 & 0x0F} tries left",
            _ => "unknown status",
        };
    }
}
