namespace Tsm.Protocol.Scp80;

/// <summary>
/// The replay counter rules of ETSI TS 102 225 §5.1.1 (SPI b5 b4) as a pure type: whether a received CNTR may be
/// processed against the receiving entity's stored value, and the value to store afterwards. CNTR is five octets,
/// so <see cref="Max"/> is 2^40 − 1; once the stored value reaches it no higher value exists and the counter is
/// blocked (status 04). The receiving entity checks the counter only after the packet authenticated (so that a
/// forged packet cannot move it) and stores the new value only when it processes the packet.
/// </summary>
public static class CounterRule
{
    public const ulong Max = 0xFF_FFFF_FFFF;

    /// <summary>The PoR status for a received counter: <see cref="PorStatus.Ok"/> when the packet may be processed.</summary>
    public static PorStatus Check(Scp80CounterMode mode, ulong stored, ulong received)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stored, Max);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(received, Max);
        switch (mode)
        {
            case Scp80CounterMode.NoCounter:
            case Scp80CounterMode.NoReplayCheck:
                return PorStatus.Ok;
            case Scp80CounterMode.Higher:
                if (stored == Max)
                    return PorStatus.CounterBlocked;
                return received > stored ? PorStatus.Ok : PorStatus.CounterLow;
            default:
                if (stored == Max)
                    return PorStatus.CounterBlocked;
                if (received <= stored)
                    return PorStatus.CounterLow;
                return received == stored + 1 ? PorStatus.Ok : PorStatus.CounterHigh;
        }
    }

    /// <summary>
    /// The value to store once a packet with <paramref name="received"/> was accepted: the received value in the
    /// checking modes, the stored one unchanged when there is no counter or no replay check.
    /// </summary>
    public static ulong Next(Scp80CounterMode mode, ulong stored, ulong received) =>
        mode is Scp80CounterMode.Higher or Scp80CounterMode.OneHigher ? received : stored;
}
