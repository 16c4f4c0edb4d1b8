using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp02;
using Tsm.Simulator.Card;

namespace Tsm.Simulator.Tests.Card;

/// <summary>CMS2AC supplementary security domains (docs/simulator.md "Security domains (CMS2AC)"; GP 2.2.1 §7, §9): quotas, association, extradition, deletion, keys.</summary>
public sealed class SecurityDomainTests
{
    private const string Ssd = "A000000151535044530001";
    private const string Ssd2 = "A000000151535044530002";
    private const byte SsdKvn = 0x30;
    private const long Quota = 4096;
    private const int VolatileQuota = 512;

    private static Cms2acSdParameters Parameters(bool acceptsExtradition = true, bool mayDeleteItself = true, long? quota = Quota) => new(
        BaseProperties: Cms2acSdParameters.MakeBaseProperties(acceptsExtradition, mayDeleteItself, acceptsIsdInitiatedDeletion: true),
        KeyVersionNumber: SsdKvn,
        ScpIdentifier: 0x02,
        ScpOption: 0x15,
        MaxAuthenticationFailures: 0xFF,
        ManagedSpace: quota is { } q ? new ManagedSpace(VolatileQuota, q) : null,
        MaxKeys: 0x04);

    private static void InstallEmptyInstance(HostSession session, string instance)
    {
        var cap = CapFiles.Read(CapFiles.Empty);
        session.Ok(InstallCommand.ForInstall(Aid.Parse(cap.PackageAid), Aid.Parse(cap.AppletAids[0]), Aid.Parse(instance), Privileges.None, InstallParameters.Empty.ToArray()).ToApdu());
    }

    [Fact]
    public void An_SSD_with_fixed_space_takes_its_quota_from_the_card_and_reports_its_own_space()
    {
        using var card = CardKit.NewCard();
        using var isd = HostSession.Open(card);
        var before = isd.FreeMemory();
        isd.Ok(CardKit.InstallSsd(Ssd, Parameters()));
        var after = isd.FreeMemory();
        var charge = card.Image.Memory.DefaultInstanceNonVolatile; // the SD instance itself, besides its reserved space
        Assert.Equal(before.FreeNonVolatileMemory - Quota - charge, after.FreeNonVolatileMemory);
        Assert.Equal(before.FreeVolatileMemory - VolatileQuota - card.Image.Memory.DefaultInstanceVolatile, after.FreeVolatileMemory);
        Assert.Equal(before.InstalledApplications + 1, after.InstalledApplications);

        var entry = Assert.Single(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains), e => e.Aid.ToString() == Ssd);
        Assert.True(entry.Privileges!.Value.Has(Privileges.SecurityDomain));
        Assert.Equal(HostSession.IsdAid, entry.AssociatedSecurityDomainAid!.ToString());

        var channel = CardKit.OpenChannel(card);
        CardKit.Select(card, Ssd, channel);
        Assert.Equal(new ExtendedCardResources(0, Quota, VolatileQuota), CardKit.FreeMemoryPlain(card, channel));
    }

    [Fact]
    public void Content_loaded_and_installed_into_an_SSD_is_associated_with_it_and_charged_to_its_quota()
    {
        var cap = CapFiles.Read(CapFiles.Empty);
        using var card = CardKit.NewCard();
        using var isd = HostSession.Open(card);
        isd.Ok(CardKit.InstallSsd(Ssd, Parameters(), Privileges.AuthorizedManagement));
        var cardFree = isd.FreeMemory();

        isd.LoadFile(cap.PackageAid, cap.LoadFileDataBlock.Bytes, sdAid: Ssd);
        var file = Assert.Single(isd.Registry(GetStatusScope.ExecutableLoadFilesAndModules), e => e.Aid.ToString() == cap.PackageAid);
        Assert.Equal(Ssd, file.AssociatedSecurityDomainAid!.ToString());
        Assert.Equal(cardFree, isd.FreeMemory());

        // Install through the SSD's own channel (it has Authorized Management), transport keys = the ISD's.
        var channel = CardKit.OpenChannel(card);
        using var ssd = HostSession.Open(card, sdAid: Ssd, keyVersion: SsdKvn, channel: channel);
        Assert.Equal(Quota - cap.LoadFileDataBlock.Size, ssd.FreeMemory().FreeNonVolatileMemory);
        InstallEmptyInstance(ssd, "0102030405060701");
        var ssdFree = ssd.FreeMemory();
        Assert.Equal(Quota - cap.LoadFileDataBlock.Size - card.Image.Memory.DefaultInstanceNonVolatile, ssdFree.FreeNonVolatileMemory);
        Assert.Equal(1, ssdFree.InstalledApplications);
        // The card's shared space is untouched; its application count is card-wide.
        var cardNow = isd.FreeMemory();
        Assert.Equal((cardFree.FreeNonVolatileMemory, cardFree.FreeVolatileMemory, cardFree.InstalledApplications + 1), (cardNow.FreeNonVolatileMemory, cardNow.FreeVolatileMemory, cardNow.InstalledApplications));
        var app = Assert.Single(ssd.Registry(GetStatusScope.ApplicationsAndSecurityDomains), e => e.Aid.ToString() == "0102030405060701");
        Assert.Equal(Ssd, app.AssociatedSecurityDomainAid!.ToString());
    }

    [Fact]
    public void A_load_larger_than_the_SSD_quota_is_6A84_although_the_card_has_room()
    {
        var cap = CapFiles.Read(CapFiles.HelloStk);
        using var card = CardKit.NewCard();
        using var isd = HostSession.Open(card);
        isd.Ok(CardKit.InstallSsd(Ssd, Parameters(quota: 400)));
        var before = isd.FreeMemory();
        Assert.True(before.FreeNonVolatileMemory > 100_000);
        var hash = (ByteString)System.Security.Cryptography.SHA1.HashData(cap.LoadFileDataBlock.Bytes.Span);
        var declared = InstallCommand.ForLoad(Aid.Parse(cap.PackageAid), Aid.Parse(Ssd), hash, new LoadParameters(NonVolatileCodeMinimum: cap.LoadFileDataBlock.Size).ToArray());
        Assert.Equal(StatusWords.NotEnoughMemory, isd.Send(declared.ToApdu()).StatusWord);

        // Undeclared: the LOAD block that passes the quota is refused.
        isd.Ok(InstallCommand.ForLoad(Aid.Parse(cap.PackageAid), Aid.Parse(Ssd), hash).ToApdu());
        var statuses = LoadFileBuilder.BuildCommands(cap.LoadFileDataBlock.Bytes.Span, maxBlockSize: 100).Select(l => isd.Send(l.ToApdu()).StatusWord).ToList();
        Assert.Equal(StatusWords.NotEnoughMemory, statuses.First(s => s != StatusWords.Success));
        Assert.Equal(before, isd.FreeMemory());
        Assert.DoesNotContain(isd.Registry(GetStatusScope.ExecutableLoadFiles), e => e.Aid.ToString() == cap.PackageAid);

        // The same file fits the card.
        isd.LoadFile(cap.PackageAid, cap.LoadFileDataBlock.Bytes);
    }

    /// <summary>SET STATUS of the SSD by itself to PERSONALIZED (GP 2.2.1 §5.3.1.2) on a logical channel closed after.</summary>
    private static void Personalize(SimulatedCard card, string ssd)
    {
        var channel = CardKit.OpenChannel(card);
        using (var session = HostSession.Open(card, sdAid: ssd, keyVersion: SsdKvn, channel: channel))
            session.Ok(new SetStatusCommand(SetStatusScope.ApplicationOrSecurityDomain, LifeCycle.Personalized, Aid.Parse(ssd)).ToApdu());
        Assert.Equal(StatusWords.Success, CardKit.Send(card, $"007080{channel:X2}").StatusWord);
    }

    [Fact]
    public void Extradition_goes_to_an_SD_that_accepts_it_and_is_refused_by_one_that_does_not()
    {
        var cap = CapFiles.Read(CapFiles.Empty);
        using var card = CardKit.NewCard();
        using var isd = HostSession.Open(card);
        isd.LoadFile(cap.PackageAid, cap.LoadFileDataBlock.Bytes);
        InstallEmptyInstance(isd, "0102030405060701");
        isd.Ok(CardKit.InstallSsd(Ssd, Parameters(acceptsExtradition: true)));
        isd.Ok(CardKit.InstallSsd(Ssd2, Parameters(acceptsExtradition: false)));
        // Still with its initial keys (SELECTABLE), an SSD takes no content (GP 2.2.1 §5.3.2.3, §9.4.1).
        Assert.Equal(StatusWords.ConditionsNotSatisfied, isd.Send(InstallCommand.ForExtradition(Aid.Parse(Ssd), Aid.Parse("0102030405060701")).ToApdu()).StatusWord);
        Personalize(card, Ssd);
        Personalize(card, Ssd2);

        Assert.Equal(StatusWords.ConditionsNotSatisfied, isd.Send(InstallCommand.ForExtradition(Aid.Parse(Ssd2), Aid.Parse("0102030405060701")).ToApdu()).StatusWord);
        Assert.Equal(HostSession.IsdAid, isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains).Single(e => e.Aid.ToString() == "0102030405060701").AssociatedSecurityDomainAid!.ToString());

        isd.Ok(InstallCommand.ForExtradition(Aid.Parse(Ssd), Aid.Parse("0102030405060701")).ToApdu());
        Assert.Equal(Ssd, isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains).Single(e => e.Aid.ToString() == "0102030405060701").AssociatedSecurityDomainAid!.ToString());
        var channel = CardKit.OpenChannel(card);
        CardKit.Select(card, Ssd, channel);
        Assert.Equal(Quota - card.Image.Memory.DefaultInstanceNonVolatile, CardKit.FreeMemoryPlain(card, channel).FreeNonVolatileMemory);
    }

    [Fact]
    public void Deleting_an_SSD_with_content_needs_related_objects_and_gives_the_memory_back()
    {
        var cap = CapFiles.Read(CapFiles.Empty);
        using var card = CardKit.NewCard();
        using var isd = HostSession.Open(card);
        var before = isd.FreeMemory();
        var apps = CardKit.Aids(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains));
        isd.Ok(CardKit.InstallSsd(Ssd, Parameters()));
        Personalize(card, Ssd);
        isd.LoadFile(cap.PackageAid, cap.LoadFileDataBlock.Bytes, sdAid: Ssd);
        InstallEmptyInstance(isd, "0102030405060701");
        isd.Ok(InstallCommand.ForExtradition(Aid.Parse(Ssd), Aid.Parse("0102030405060701")).ToApdu());

        Assert.Equal(StatusWords.ConditionsNotSatisfied, isd.Send(DeleteCommand.ForObject(Aid.Parse(Ssd)).ToApdu()).StatusWord);
        Assert.Contains(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains), e => e.Aid.ToString() == Ssd);
        isd.Ok(DeleteCommand.ForObject(Aid.Parse(Ssd), deleteRelated: true).ToApdu());
        Assert.Equal(apps, CardKit.Aids(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains)));
        Assert.DoesNotContain(isd.Registry(GetStatusScope.ExecutableLoadFiles), e => e.Aid.ToString() == cap.PackageAid);
        Assert.Equal(before, isd.FreeMemory());

        // An empty SSD goes without related objects.
        isd.Ok(CardKit.InstallSsd(Ssd2, Parameters()));
        isd.Ok(DeleteCommand.ForObject(Aid.Parse(Ssd2)).ToApdu());
        Assert.Equal(before, isd.FreeMemory());
    }

    [Fact]
    public void An_SSD_that_may_not_be_deleted_is_6985()
    {
        using var card = CardKit.NewCard();
        using var isd = HostSession.Open(card);
        isd.Ok(CardKit.InstallSsd(Ssd, Parameters(mayDeleteItself: false)));
        Assert.Equal(StatusWords.ConditionsNotSatisfied, isd.Send(DeleteCommand.ForObject(Aid.Parse(Ssd)).ToApdu()).StatusWord);
        Assert.Equal(StatusWords.ConditionsNotSatisfied, isd.Send(DeleteCommand.ForObject(Aid.Parse(Ssd), deleteRelated: true).ToApdu()).StatusWord);
        Assert.Contains(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains), e => e.Aid.ToString() == Ssd);
    }

    [Fact]
    public void A_new_SSD_has_the_ISD_current_keys_as_transport_keys_and_takes_its_own_keys_by_PUT_KEY()
    {
        byte[] isdEnc = CardKit.Key(0x01), isdMac = CardKit.Key(0x02), isdDek = CardKit.Key(0x03);
        byte[] enc = CardKit.Key(0x0A), mac = CardKit.Key(0x0B), dek = CardKit.Key(0x0C);
        using var card = CardKit.NewCard();
        using (var isd = HostSession.Open(card))
            isd.Ok(CardKit.PutKey(isd, 0x01, 0x02, isdEnc, isdMac, isdDek).ToApdu());
        using (var isd = CardKit.OpenWith(card, isdEnc, isdMac, isdDek, 0x02))
            isd.Ok(CardKit.InstallSsd(Ssd, Parameters()));

        using (var old = CardKit.TestKeys(SsdKvn))
            Assert.Throws<Scp02Exception>(() => HostSession.TryOpen(card, SecurityLevel.CMac, Ssd, old, SsdKvn));
        using (var ssd = CardKit.OpenWith(card, isdEnc, isdMac, isdDek, SsdKvn, Ssd))
        {
            var command = CardKit.PutKey(ssd, SsdKvn, 0x31, enc, mac, dek);
            Assert.True(PutKeyResponse.Parse(ssd.Ok(command.ToApdu()), command).Confirms(command));
        }
        using (var ssd = CardKit.OpenWith(card, enc, mac, dek, 0x31, Ssd))
            Assert.Equal(1, SequenceCounter.Parse(ssd.Ok(GetDataCommand.SequenceCounter.ToApdu()).Data.Span));
        using (var transport = new Scp02KeySet(0x31, isdEnc, isdMac, isdDek))
            Assert.Throws<Scp02Exception>(() => HostSession.TryOpen(card, SecurityLevel.CMac, Ssd, transport, 0x31));

        // The ISD keeps its own keys.
        CardKit.OpenWith(card, isdEnc, isdMac, isdDek, 0x02).Dispose();
        Assert.Equal([0x02], card.Image.Applications[0].SecurityDomain!.KeySets.Select(k => k.Version));
    }
}
