namespace Tsm.Simulator.Card;

/// <summary>
/// A contact smart card as a reader sees it (ISO/IEC 7816-3): power, reset, ATR, and APDU exchange. The software
/// SE implements it; transports (the vpcd bridge, the wallet client simulator) drive it.
/// </summary>
public interface ISmartCard
{
    /// <summary>The answer to reset, valid after power on.</summary>
    ReadOnlyMemory<byte> Atr { get; }

    /// <summary>True between <see cref="PowerOn"/> and <see cref="PowerOff"/>.</summary>
    bool IsPowered { get; }

    /// <summary>Powers the card (cold reset); returns the ATR.</summary>
    ReadOnlyMemory<byte> PowerOn();

    /// <summary>Cuts the power: volatile state (sessions, selections, logical channels) is lost.</summary>
    void PowerOff();

    /// <summary>Warm reset: like a power cycle for volatile state; returns the ATR.</summary>
    ReadOnlyMemory<byte> Reset();

    /// <summary>Processes one command APDU and returns the response APDU (data ‖ SW). Never throws for bad input: the SW says what is wrong.</summary>
    byte[] Transmit(ReadOnlySpan<byte> commandApdu);
}
