namespace Tsm.Protocol.GlobalPlatform;

/// <summary>Card life cycle states (GP 2.2.1 §11.1.1, Table 11-5).</summary>
public enum CardLifeCycle : byte
{
    OpReady = 0x01,
    Initialized = 0x07,
    Secured = 0x0F,
    CardLocked = 0x7F,
    Terminated = 0xFF,
}

/// <summary>What a life cycle byte belongs to; the same value means different things per kind.</summary>
public enum RegistryEntryKind
{
    Card,
    ExecutableLoadFile,
    Application,
    SecurityDomain,
}

/// <summary>
/// Life cycle state coding (GP 2.2.1 §11.1.1, Tables 11-1 to 11-5). Application states are a bit field
/// (b8 = LOCKED on top of the previous state, b4-b7 application specific), so they stay bytes with helpers
/// rather than an enum.
/// </summary>
public static class LifeCycle
{
    // Table 11-1: Executable Load File
    public const byte Loaded = 0x01;

    // Tables 11-2 and 11-3: Application and Security Domain
    public const byte Installed = 0x03;
    public const byte Selectable = 0x07;
    public const byte Personalized = 0x0F;
    public const byte LockedBit = 0x80;

    /// <summary>b8 set: a locked application or security domain (e.g. 83, 87, 8F).</summary>
    public static bool IsLocked(byte state) => (state & LockedBit) != 0;

    /// <summary>The state an application returns to when unlocked (b8 cleared).</summary>
    public static byte Unlocked(byte state) => (byte)(state & ~LockedBit);

    /// <summary>
    /// An application state with b1-b3 = 111 and b4-b7 application specific (Table 11-2 '0xxxx111').
    /// </summary>
    public static bool IsApplicationSpecific(byte state) => !IsLocked(state) && (state & 0x07) == 0x07 && state != Selectable;

    /// <summary>A readable name, e.g. "SELECTABLE", "LOCKED (PERSONALIZED)", "SECURED".</summary>
    public static string Describe(byte state, RegistryEntryKind kind)
    {
        switch (kind)
        {
            case RegistryEntryKind.Card:
                return Enum.IsDefined((CardLifeCycle)state) ? CardName((CardLifeCycle)state) : $"UNKNOWN ({state:X2})";
            case RegistryEntryKind.ExecutableLoadFile:
                return state == Loaded ? "LOADED" : $"UNKNOWN ({state:X2})";
            default:
                if (IsLocked(state))
                    return $"LOCKED ({Describe(Unlocked(state), kind)})";
                return state switch
                {
                    Installed => "INSTALLED",
                    Selectable => "SELECTABLE",
                    Personalized when kind == RegistryEntryKind.SecurityDomain => "PERSONALIZED",
                    _ when kind == RegistryEntryKind.Application && IsApplicationSpecific(state) => $"APPLICATION SPECIFIC ({state:X2})",
                    _ => $"UNKNOWN ({state:X2})",
                };
        }
    }

    private static string CardName(CardLifeCycle state) => state switch
    {
        CardLifeCycle.OpReady => "OP_READY",
        CardLifeCycle.Initialized => "INITIALIZED",
        CardLifeCycle.Secured => "SECURED",
        CardLifeCycle.CardLocked => "CARD_LOCKED",
        _ => "TERMINATED",
    };
}
