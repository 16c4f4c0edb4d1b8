using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Simulator.Card;

namespace Tsm.Simulator.Tests.Card;

/// <summary>
/// Power lost at every APDU of a download (requirements 5.8.7.1, 5.8.8; GP 2.2.1 §11.5.2, §11.6.2 atomicity): the residue is
/// visible in GET STATUS, can be deleted, and the download then completes with exact memory figures. Also the
/// persistence of the card state across power cycles and state files.
/// </summary>
public sealed class TearingTests
{
    private const string Instance = "0102030405060799";
    private const int BlockSize = 64;

    private static readonly Lazy<Tsm.Protocol.Cap.CapFile> Cap = new(() => CapFiles.Read(CapFiles.Empty));

    /// <summary>SELECT, INITIALIZE UPDATE, EXTERNAL AUTHENTICATE, INSTALL [for load], the LOAD blocks, INSTALL [for install].</summary>
    private static int LoadBlocks => LoadFileBuilder.BuildCommands(Cap.Value.LoadFileDataBlock.Bytes.Span, maxBlockSize: BlockSize).Count;

    private static int ApduCount => 3 + 1 + LoadBlocks + 1;

    public static TheoryData<int, TearPoint> TearCases()
    {
        var data = new TheoryData<int, TearPoint>();
        for (var k = 1; k <= ApduCount; k++)
        {
            data.Add(k, TearPoint.BeforeProcessing);
            data.Add(k, TearPoint.AfterProcessing);
        }
        return data;
    }

    private enum Residue
    {
        None,
        LoadFileWithoutModules,
        LoadFileWithoutInstance,
        Complete,
    }

    private static Residue Expected(int k, TearPoint point)
    {
        var installForLoad = 4;
        var lastLoad = installForLoad + LoadBlocks;
        var install = lastLoad + 1;
        var after = point == TearPoint.AfterProcessing;
        if (k < installForLoad || (k == installForLoad && !after))
            return Residue.None;
        if (k < lastLoad || (k == lastLoad && !after))
            return Residue.LoadFileWithoutModules;
        if (k == lastLoad || (k == install && !after))
            return Residue.LoadFileWithoutInstance;
        return Residue.Complete;
    }

    private static void Download(SimulatedCard card)
    {
        var cap = Cap.Value;
        using var isd = HostSession.Open(card);
        isd.LoadFile(cap.PackageAid, cap.LoadFileDataBlock.Bytes, blockSize: BlockSize);
        isd.Ok(InstallCommand.ForInstall(Aid.Parse(cap.PackageAid), Aid.Parse(cap.AppletAids[0]), Aid.Parse(Instance), Privileges.None, InstallParameters.Empty.ToArray()).ToApdu());
    }

    [Fact]
    public void The_download_has_the_expected_number_of_APDUs()
    {
        using var card = CardKit.NewCard();
        card.Faults.Clear();
        Download(card);
        Assert.Equal(ApduCount, card.Faults.ApduCount);
        Assert.True(LoadBlocks >= 4);
    }

    [Theory]
    [MemberData(nameof(TearCases))]
    public void A_download_torn_at_any_APDU_leaves_a_visible_residue_that_can_be_deleted_and_redone(int k, TearPoint point)
    {
        var cap = Cap.Value;
        using var card = CardKit.NewCard();
        ExtendedCardResources initial;
        string[] initialApps, initialFiles;
        using (var isd = HostSession.Open(card))
        {
            initial = isd.FreeMemory();
            initialApps = CardKit.Aids(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains));
            initialFiles = CardKit.Aids(isd.Registry(GetStatusScope.ExecutableLoadFilesAndModules));
        }

        card.Faults.Clear();
        card.Faults.TearAtApdu = k;
        card.Faults.TearPoint = point;
        Assert.Throws<CardTornException>(() => Download(card));
        Assert.False(card.IsPowered);
        card.Faults.Clear();
        card.PowerOn();

        using (var isd = HostSession.Open(card))
        {
            var file = isd.Registry(GetStatusScope.ExecutableLoadFilesAndModules).SingleOrDefault(e => e.Aid.ToString() == cap.PackageAid);
            var instance = isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains).SingleOrDefault(e => e.Aid.ToString() == Instance);
            var seen = (file, instance) switch
            {
                (null, null) => Residue.None,
                ({ ModuleAids.Count: 0 }, null) => Residue.LoadFileWithoutModules,
                ({ ModuleAids.Count: > 0 }, null) => Residue.LoadFileWithoutInstance,
                ({ ModuleAids.Count: > 0 }, not null) => Residue.Complete,
                _ => throw new InvalidOperationException($"Unexpected residue: file {file}, instance {instance}."),
            };
            Assert.Equal(Expected(k, point), seen);
            if (seen != Residue.None)
                isd.Ok(DeleteCommand.ForObject(Aid.Parse(cap.PackageAid), deleteRelated: true).ToApdu());
            Assert.Equal(initial, isd.FreeMemory());
            Assert.Equal(initialFiles, CardKit.Aids(isd.Registry(GetStatusScope.ExecutableLoadFilesAndModules)));
            Assert.Equal(initialApps, CardKit.Aids(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains)));
        }

        Download(card);
        using (var isd = HostSession.Open(card))
        {
            var free = isd.FreeMemory();
            Assert.Equal(initial.FreeNonVolatileMemory - cap.LoadFileDataBlock.Size - card.Image.Memory.DefaultInstanceNonVolatile, free.FreeNonVolatileMemory);
            Assert.Equal(initial.InstalledApplications + 1, free.InstalledApplications);
            var apps = CardKit.Aids(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains));
            Assert.Equal(initialApps.Length + 1, apps.Length);
            Assert.Contains($"{Instance}|07|{HostSession.IsdAid}|", apps);
            Assert.Empty(initialApps.Except(apps));
            var files = isd.Registry(GetStatusScope.ExecutableLoadFilesAndModules);
            Assert.Equal(initialFiles.Length + 1, files.Count);
            Assert.Single(files, f => f.Aid.ToString() == cap.PackageAid && f.ModuleAids.Select(m => m.ToString()).SequenceEqual(cap.AppletAids));
        }
    }

    [Fact]
    public void The_card_state_survives_a_power_cycle()
    {
        using var card = CardKit.NewCard();
        Download(card);
        ExtendedCardResources free;
        string[] apps, files;
        using (var isd = HostSession.Open(card))
        {
            free = isd.FreeMemory();
            apps = CardKit.Aids(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains));
            files = CardKit.Aids(isd.Registry(GetStatusScope.ExecutableLoadFilesAndModules));
        }
        var counter = CardKit.SequenceCounterPlain(card);
        card.PowerOff();
        Assert.Throws<InvalidOperationException>(() => CardKit.Send(card, "80CA00C100"));
        card.PowerOn();
        Assert.Equal(counter, CardKit.SequenceCounterPlain(card));
        using var again = HostSession.Open(card);
        Assert.Equal(free, again.FreeMemory());
        Assert.Equal(apps, CardKit.Aids(again.Registry(GetStatusScope.ApplicationsAndSecurityDomains)));
        Assert.Equal(files, CardKit.Aids(again.Registry(GetStatusScope.ExecutableLoadFilesAndModules)));
        CardKit.Select(card, Instance, 0);
    }

    [Fact]
    public void A_state_file_reproduces_the_registry_and_the_counters()
    {
        var path = Path.Combine(Path.GetTempPath(), $"simcard-{Guid.NewGuid():N}.json");
        try
        {
            var image = CardFactory.CreateBatch(new SeBatchProfile { FirstSeId = "86000000000000000777" }).Single();
            ExtendedCardResources free;
            string[] apps, files;
            ushort counter;
            using (var card = new SimulatedCard(image, path))
            {
                card.PowerOn();
                Download(card);
                Assert.Equal(StatusWords.AuthenticationFailed, CardKit.ForgedExternalAuthenticate(card));
                using (var isd = HostSession.Open(card))
                {
                    foreach (var block in StoreDataBuilder.ForDgis([new Dgi(0x2F14, new byte[] { 0x86, 0x13, 0x80, 0x01, 0x38, 0x00, 0xF0 })]))
                        isd.Ok(block.ToApdu());
                    free = isd.FreeMemory();
                    apps = CardKit.Aids(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains));
                    files = CardKit.Aids(isd.Registry(GetStatusScope.ExecutableLoadFilesAndModules));
                }
                counter = CardKit.SequenceCounterPlain(card);
                Assert.Equal(2, counter);
            }

            using var reloaded = SimulatedCard.FromStateFile(path);
            reloaded.PowerOn();
            Assert.Equal(CardStateFile.Serialize(image), CardStateFile.Serialize(reloaded.Image));
            Assert.Equal("86000000000000000777", reloaded.SeId);
            Assert.Equal(counter, CardKit.SequenceCounterPlain(reloaded));
            Assert.Equal("2F1407861380013800F0", Hex.Format(CardKit.Send(reloaded, "80CA2F1400").Data.Span));
            using var again = HostSession.Open(reloaded);
            Assert.Equal(free, again.FreeMemory());
            Assert.Equal(apps, CardKit.Aids(again.Registry(GetStatusScope.ApplicationsAndSecurityDomains)));
            Assert.Equal(files, CardKit.Aids(again.Registry(GetStatusScope.ExecutableLoadFilesAndModules)));
            Assert.Equal(counter + 1, SequenceCounter.Parse(again.Ok(GetDataCommand.SequenceCounter.ToApdu()).Data.Span));
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".tmp");
        }
    }

    [Fact]
    public void A_torn_load_is_in_the_state_file_and_can_be_cleaned_after_reload()
    {
        var cap = Cap.Value;
        var path = Path.Combine(Path.GetTempPath(), $"simcard-{Guid.NewGuid():N}.json");
        try
        {
            using (var card = new SimulatedCard(CardFactory.CreateDefault("86000000000000000778"), path))
            {
                card.PowerOn();
                card.Faults.Clear();
                card.Faults.TearAtApdu = 6; // second LOAD block, before processing
                Assert.Throws<CardTornException>(() => Download(card));
            }
            using var reloaded = SimulatedCard.FromStateFile(path);
            reloaded.PowerOn();
            using (var isd = HostSession.Open(reloaded))
            {
                var residue = Assert.Single(isd.Registry(GetStatusScope.ExecutableLoadFilesAndModules), e => e.Aid.ToString() == cap.PackageAid);
                Assert.Empty(residue.ModuleAids);
                isd.Ok(DeleteCommand.ForObject(Aid.Parse(cap.PackageAid)).ToApdu());
            }
            Download(reloaded);
            Assert.Null(SimulatedCard.FromStateFile(path).Image.PendingLoad);
            Assert.Contains(SimulatedCard.FromStateFile(path).Image.Applications, a => a.Aid == Instance);
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".tmp");
        }
    }
}
