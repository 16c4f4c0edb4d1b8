using Tsm.Simulator.Card;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>A simulated SE that runs an action (stopping or killing the gateway) just before its k-th LOAD command.</summary>
internal sealed class LoadInterruptingCard(SimulatedCard inner, int loadNumber, Action interrupt) : ISmartCard
{
    private int _loads;

    public int Interruptions { get; private set; }

    public ReadOnlyMemory<byte> Atr => inner.Atr;

    public bool IsPowered => inner.IsPowered;

    public ReadOnlyMemory<byte> PowerOn() => inner.PowerOn();

    public void PowerOff() => inner.PowerOff();

    public ReadOnlyMemory<byte> Reset() => inner.Reset();

    public byte[] Transmit(ReadOnlySpan<byte> commandApdu)
    {
        if (commandApdu.Length > 1 && commandApdu[1] == 0xE8 && ++_loads == loadNumber)
        {
            Interruptions++;
            interrupt();
        }
        return inner.Transmit(commandApdu);
    }
}
