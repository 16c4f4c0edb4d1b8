namespace Tsm.Protocol.Scripts;

/// <summary>
/// Tags of the expanded remote command and response format (ETSI TS 102 226 §5.2.1 and §5.2.2; the template
/// tags are registered in TS 101 220 §7.2). All are one byte.
/// </summary>
public static class ScriptTags
{
    // TS 102 226 §5.2.1: command side
    public const byte CommandTemplateDefinite = 0xAA;
    public const byte CommandTemplateIndefinite = 0xAE;
    public const byte CApdu = 0x22;
    public const byte ImmediateAction = 0x81;
    public const byte ErrorAction = 0x82;
    public const byte ScriptChaining = 0x83;

    // TS 102 226 §5.2.2: response side
    public const byte ResponseTemplateDefinite = 0xAB;
    public const byte ResponseTemplateIndefinite = 0xAF;
    public const byte ExecutedCommands = 0x80;
    public const byte RApdu = 0x23;
    public const byte BadFormat = 0x90;
    public const byte ImmediateActionResponse = 0x81;
    public const byte ScriptChainingResponse = 0x83;
}

/// <summary>Script chaining TLV value (tag 83, TS 102 226 §5.2.1): where this script sits in a chain.</summary>
public enum ScriptChaining : byte
{
    /// <summary>01: first script; the chaining context is deleted at card reset.</summary>
    FirstDeleteOnReset = 0x01,

    /// <summary>02: a subsequent script.</summary>
    Subsequent = 0x02,

    /// <summary>03: the last script of the chain.</summary>
    Last = 0x03,

    /// <summary>11: first script; the chaining context is kept across card reset.</summary>
    FirstKeepOnReset = 0x11,
}

/// <summary>Script chaining response TLV value (tag 83, TS 102 226 §5.2.2).</summary>
public enum ScriptChainingResult : byte
{
    /// <summary>01: a subsequent or last script arrived without a first one.</summary>
    NoPreviousScript = 0x01,

    /// <summary>02: script chaining is not supported.</summary>
    NotSupported = 0x02,

    /// <summary>03: the chain cannot be processed (e.g. out of resources).</summary>
    UnableToProcess = 0x03,
}
