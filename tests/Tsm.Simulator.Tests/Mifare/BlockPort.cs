using Tsm.Simulator.Mifare;
using static Tsm.Simulator.Tests.Mifare.MifareTestData;

namespace Tsm.Simulator.Tests.Mifare;

/// <summary>
/// The same block operations through the applet (APDUs in the owner's secure channel) and through the contactless
/// API, so that every access condition row is checked both ways. Works on the first sector of <see cref="MifareTestData.AppId"/>.
/// Each call answers allowed (true) or refused (false) and fails the test on any other outcome.
/// </summary>
public abstract class BlockPort(MifareCardManager manager)
{
    public MifareCardManager Manager { get; } = manager;

    public int Sector => Manager.FindApplication(AppId)!.Sectors[0];

    public int AbsoluteBlock(int blockInSector) => MifareClassicMemory.FirstBlockOf(Sector) + blockInSector;

    public abstract bool Read(int blockInSector, MifareKeyType key, out byte[] data);

    public abstract bool Write(int blockInSector, MifareKeyType key, byte[] data);

    /// <summary>INCREMENT by 1; through the applet with the transfer back into the same block.</summary>
    public abstract bool Increment(int blockInSector, MifareKeyType key);

    public abstract bool Decrement(int blockInSector, MifareKeyType key);

    public override string ToString() => GetType().Name;
}

public sealed class AppletPort(MifareCardManager manager) : BlockPort(manager)
{
    public override bool Read(int blockInSector, MifareKeyType key, out byte[] data)
    {
        var response = Manager.Process(MifareTestData.Read(0, blockInSector, key), true);
        data = response.Data.ToArray();
        return Outcome(response.Sw());
    }

    public override bool Write(int blockInSector, MifareKeyType key, byte[] data) =>
        Outcome(Manager.Process(MifareTestData.Write(0, blockInSector, key, data), true).Sw());

    public override bool Increment(int blockInSector, MifareKeyType key) =>
        Outcome(Manager.Process(Value(MifareInstruction.Increment, 0, blockInSector, key, 1), true).Sw());

    public override bool Decrement(int blockInSector, MifareKeyType key) =>
        Outcome(Manager.Process(Value(MifareInstruction.Decrement, 0, blockInSector, key, 1), true).Sw());

    private static bool Outcome(ushort sw)
    {
        Assert.True(sw is 0x9000 or 0x6982, $"unexpected SW {sw:X4}");
        return sw == 0x9000;
    }
}

public sealed class ContactlessPort(MifareCardManager manager) : BlockPort(manager)
{
    public override bool Read(int blockInSector, MifareKeyType key, out byte[] data)
    {
        data = new byte[MifareClassicMemory.BlockSize];
        return Authenticated(key) && Outcome(Manager.ReadBlock(AbsoluteBlock(blockInSector), data));
    }

    public override bool Write(int blockInSector, MifareKeyType key, byte[] data) =>
        Authenticated(key) && Outcome(Manager.WriteBlock(AbsoluteBlock(blockInSector), data));

    public override bool Increment(int blockInSector, MifareKeyType key) =>
        Authenticated(key) && Outcome(Manager.Contactless.Increment(AbsoluteBlock(blockInSector), 1));

    public override bool Decrement(int blockInSector, MifareKeyType key) =>
        Authenticated(key) && Outcome(Manager.Contactless.Decrement(AbsoluteBlock(blockInSector), 1));

    private bool Authenticated(MifareKeyType key) => Outcome(Manager.Authenticate(Sector, key, KeyOf(key)));

    private static bool Outcome(MifareStatus status)
    {
        Assert.True(status is MifareStatus.Ok or MifareStatus.AccessDenied, $"unexpected status {status}");
        return status == MifareStatus.Ok;
    }
}
