namespace Tsm.Simulator.Card;

/// <summary>
/// Power was lost while the card processed an APDU (fault injection): the reader gets no response. Whether the
/// command took effect depends on when power was lost (<see cref="TearPoint"/>).
/// </summary>
public sealed class CardTornException : IOException
{
    public CardTornException()
    {
    }

    public CardTornException(string message)
        : base(message)
    {
    }

    public CardTornException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>When power is lost relative to the APDU's processing.</summary>
public enum TearPoint
{
    /// <summary>Before the card starts: the command has no effect.</summary>
    BeforeProcessing,

    /// <summary>After the card finished (state written) but before the response reached the reader.</summary>
    AfterProcessing,
}

/// <summary>
/// Faults to inject into one card: tear at APDU k (1-based count of APDUs since the plan was set), answer a fixed
/// SW to an INS, add latency. Used by QA to rehearse interrupted downloads (requirements 5.8.7.1, 5.8.8).
/// </summary>
public sealed class FaultPlan
{
    private readonly Dictionary<byte, ushort> _forcedStatus = [];

    /// <summary>The APDU number (1-based, counted by the card since <see cref="Clear"/>) at which power is lost.</summary>
    public int? TearAtApdu { get; set; }

    public TearPoint TearPoint { get; set; } = TearPoint.BeforeProcessing;

    /// <summary>Delay added to every APDU.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>APDUs seen since the plan was last cleared.</summary>
    public int ApduCount { get; internal set; }

    public IReadOnlyDictionary<byte, ushort> ForcedStatus => _forcedStatus;

    /// <summary>Answer <paramref name="statusWord"/> to every command with this INS without processing it.</summary>
    public void ForceStatus(byte ins, ushort statusWord) => _forcedStatus[ins] = statusWord;

    public void Clear()
    {
        _forcedStatus.Clear();
        TearAtApdu = null;
        TearPoint = TearPoint.BeforeProcessing;
        Latency = TimeSpan.Zero;
        ApduCount = 0;
    }
}
