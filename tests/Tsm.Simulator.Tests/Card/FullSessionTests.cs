using System.Buffers.Binary;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp02;
using Tsm.Simulator.Card;
using Tsm.Simulator.Card.Applets;

namespace Tsm.Simulator.Tests.Card;

/// <summary>
/// A whole application life driven by Tsm.Protocol's host side against the simulated card: authenticate, load a
/// real CAP, install, personalize the e-purse, GET STATUS, use it, lock, unlock, delete — at each security level.
/// </summary>
public sealed class FullSessionTests
{
    private const string PurseInstance = "D07002CA4490010101";
    private static readonly byte[] PurseKey = Hex.Parse("0123456789ABCDEFFEDCBA9876543210");

    internal static SimulatedCard NewCard(Action<SeBatchProfile>? _ = null)
    {
        var image = CardFactory.CreateBatch(new SeBatchProfile
        {
            FirstSeId = "86000000000000000001",
            ModuleBehaviours = new Dictionary<string, string> { ["D07002CA44900101"] = AppletBehaviours.EPurse },
        }).Single();
        var card = new SimulatedCard(image);
        card.PowerOn();
        return card;
    }

    [Theory]
    [InlineData(SecurityLevel.CMac)]
    [InlineData(SecurityLevel.CDecryption)]
    [InlineData(SecurityLevel.CMacCDecryption)]
    [InlineData(SecurityLevel.CMacCDecryptionRMac)]
    public void Download_personalize_use_lock_unlock_delete(SecurityLevel level)
    {
        using var card = NewCard();
        var cap = CapFiles.Read(CapFiles.HelloStk);
        using var isd = HostSession.Open(card, level);
        var before = isd.FreeMemory();

        isd.LoadFile(cap.PackageAid, cap.LoadFileDataBlock.Bytes);
        var afterLoad = isd.FreeMemory();
        Assert.Equal(before.FreeNonVolatileMemory - cap.LoadFileDataBlock.Size, afterLoad.FreeNonVolatileMemory);

        isd.Ok(InstallCommand.ForInstall(Aid.Parse(cap.PackageAid), Aid.Parse(cap.AppletAids[0]), Aid.Parse(PurseInstance), Privileges.None, InstallParameters.Empty.ToArray()).ToApdu());
        var afterInstall = isd.FreeMemory();
        Assert.Equal(afterLoad.InstalledApplications + 1, afterInstall.InstalledApplications);
        Assert.True(afterInstall.FreeNonVolatileMemory < afterLoad.FreeNonVolatileMemory);

        // Personalization mode 3: INSTALL [for personalization] then STORE DATA through the ISD.
        isd.Ok(InstallCommand.ForPersonalization(Aid.Parse(PurseInstance)).ToApdu());
        var dgis = new[] { new Dgi(EPurseApplet.KeyDgi, PurseKey), new Dgi(EPurseApplet.BalanceDgi, new byte[] { 0x00, 0x00, 0x27, 0x10 }) };
        foreach (var block in StoreDataBuilder.ForDgis(dgis))
            isd.Ok(block.ToApdu());

        var apps = isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains);
        var entry = Assert.Single(apps, e => e.Aid.ToString() == PurseInstance);
        Assert.Equal(LifeCycle.Selectable, entry.LifeCycle);
        Assert.Equal(HostSession.IsdAid, entry.AssociatedSecurityDomainAid!.ToString());
        var files = isd.Registry(GetStatusScope.ExecutableLoadFilesAndModules);
        Assert.Contains(files, f => f.Aid.ToString() == cap.PackageAid && f.ModuleAids.Select(m => m.ToString()).SequenceEqual(cap.AppletAids));

        // Use the purse on channel 1 while the ISD session stays open on channel 0.
        var opened = card.Transmit(CommandApdu.Parse("0070000001"));
        Assert.Equal(StatusWords.Success, opened.StatusWord);
        var channel = opened.Data.Span[0];
        Assert.Equal(StatusWords.Success, card.Transmit(new SelectCommand(Aid.Parse(PurseInstance)).ToApdu().With(cla: channel)).StatusWord);
        var balance = card.Transmit(new CommandApdu((byte)(0x80 | channel), 0x5C, 0x00, 0x02, ne: 4));
        Assert.Equal("00002710", Hex.Format(balance.Data.Span));
        var mac = EPurseApplet.DebitMac(PurseKey, 1000, 0);
        var debit = card.Transmit(new CommandApdu((byte)(0x80 | channel), 0x54, 0x00, 0x00, (byte[])[0x00, 0x00, 0x03, 0xE8, .. mac]));
        Assert.Equal(StatusWords.Success, debit.StatusWord);
        Assert.Equal(9000u, BinaryPrimitives.ReadUInt32BigEndian(debit.Data.Span));
        var replay = card.Transmit(new CommandApdu((byte)(0x80 | channel), 0x54, 0x00, 0x00, (byte[])[0x00, 0x00, 0x03, 0xE8, .. mac]));
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, replay.StatusWord); // the counter moved on

        // Lock: the purse is no longer selectable; unlock restores it.
        isd.Ok(SetStatusCommand.Lock(Aid.Parse(PurseInstance)).ToApdu());
        Assert.Equal(StatusWords.FileNotFound, card.Transmit(new SelectCommand(Aid.Parse(PurseInstance)).ToApdu().With(cla: channel)).StatusWord);
        Assert.Equal(LifeCycle.Selectable | LifeCycle.LockedBit, isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains).Single(e => e.Aid.ToString() == PurseInstance).LifeCycle);
        isd.Ok(SetStatusCommand.Unlock(Aid.Parse(PurseInstance)).ToApdu());
        Assert.Equal(StatusWords.Success, card.Transmit(new SelectCommand(Aid.Parse(PurseInstance)).ToApdu().With(cla: channel)).StatusWord);
        Assert.Equal("00002328", Hex.Format(card.Transmit(new CommandApdu((byte)(0x80 | channel), 0x5C, 0x00, 0x02, ne: 4)).Data.Span));

        // Delete the load file with its instance: memory comes back exactly.
        Assert.Equal(StatusWords.ConditionsNotSatisfied, isd.Send(DeleteCommand.ForObject(Aid.Parse(cap.PackageAid)).ToApdu()).StatusWord);
        isd.Ok(DeleteCommand.ForObject(Aid.Parse(cap.PackageAid), deleteRelated: true).ToApdu());
        Assert.Equal(before, isd.FreeMemory());
        Assert.DoesNotContain(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains), e => e.Aid.ToString() == PurseInstance);
    }
}
