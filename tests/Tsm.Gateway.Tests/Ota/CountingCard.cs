using Tsm.Simulator.Card;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>
/// A simulated SE that counts what it really did: LOAD sequences completed (the last block answered 9000) and
/// successful INSTALL [for install]; and runs an action before each LOAD command it receives (with its number).
/// </summary>
internal sealed class CountingCard(SimulatedCard inner) : ISmartCard
{
    private int _loads;

    public SimulatedCard Inner { get; } = inner;

    public string SeId { get; init; } = "";

    public string Msisdn { get; init; } = "";

    public Action<int>? BeforeLoad { get; set; }

    public int CompletedLoads { get; private set; }

    public int Installs { get; private set; }

    public ReadOnlyMemory<byte> Atr => Inner.Atr;

    public bool IsPowered => Inner.IsPowered;

    public ReadOnlyMemory<byte> PowerOn() => Inner.PowerOn();

    public void PowerOff() => Inner.PowerOff();

    public ReadOnlyMemory<byte> Reset() => Inner.Reset();

    public byte[] Transmit(ReadOnlySpan<byte> commandApdu)
    {
        var ins = commandApdu.Length > 3 ? commandApdu[1] : (byte)0;
        var p1 = commandApdu.Length > 3 ? commandApdu[2] : (byte)0;
        if (ins == 0xE8)
            BeforeLoad?.Invoke(++_loads);
        var response = Inner.Transmit(commandApdu);
        var ok = response.Length >= 2 && response[^2] == 0x90 && response[^1] == 0x00;
        if (ok && ins == 0xE8 && (p1 & 0x80) != 0)
            CompletedLoads++;
        if (ok && ins == 0xE6 && (p1 & 0x04) != 0)
            Installs++;
        return response;
    }
}
