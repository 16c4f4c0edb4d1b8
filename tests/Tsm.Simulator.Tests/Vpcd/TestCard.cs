using System.Collections.Concurrent;
using Tsm.Simulator.Card;

namespace Tsm.Simulator.Tests.Vpcd;

/// <summary>
/// A deterministic card for transport tests: a fixed T=1 ATR, SELECT by name answers 9000, any other command is
/// echoed back followed by 9000. It records power events and commands.
/// </summary>
internal sealed class TestCard : ISmartCard, IDisposable
{
    /// <summary>TS 3B, T0 80, TD1 80, TD2 01 (T=1), TCK 01.</summary>
    public static readonly byte[] FixedAtr = [0x3B, 0x80, 0x80, 0x01, 0x01];

    private volatile bool _powered;

    public ConcurrentQueue<string> Events { get; } = new();

    public bool Disposed { get; private set; }

    public ReadOnlyMemory<byte> Atr => FixedAtr;

    public bool IsPowered => _powered;

    public ReadOnlyMemory<byte> PowerOn()
    {
        _powered = true;
        Events.Enqueue("power on");
        return FixedAtr;
    }

    public void PowerOff()
    {
        _powered = false;
        Events.Enqueue("power off");
    }

    public ReadOnlyMemory<byte> Reset()
    {
        _powered = true;
        Events.Enqueue("reset");
        return FixedAtr;
    }

    public byte[] Transmit(ReadOnlySpan<byte> commandApdu)
    {
        Events.Enqueue("apdu " + Convert.ToHexString(commandApdu));
        if (commandApdu is [0x00, 0xA4, 0x04, 0x00, ..])
            return [0x90, 0x00];
        return [.. commandApdu, 0x90, 0x00];
    }

    public void Dispose() => Disposed = true;
}
