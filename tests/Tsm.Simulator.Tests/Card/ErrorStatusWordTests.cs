using System.Security.Cryptography;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp02;
using Tsm.Simulator.Card;

namespace Tsm.Simulator.Tests.Card;

/// <summary>The status words each command answers when something is wrong (GP 2.2.1 §11.1.3 and the per-command tables), and that a refusal changes nothing.</summary>
public sealed class ErrorStatusWordTests
{
    private static readonly string[] ProtectedCommands = ["INSTALL", "LOAD", "DELETE", "GET STATUS", "PUT KEY", "STORE DATA", "SET STATUS"];

    public static TheoryData<string> ProtectedCommandNames() => [.. ProtectedCommands];

    private static CommandApdu Protected(string name) => name switch
    {
        "INSTALL" => InstallCommand.ForLoad(Aid.Parse("0102030405")).ToApdu(),
        "LOAD" => LoadFileBuilder.BuildCommands(CapFiles.Read(CapFiles.Empty).LoadFileDataBlock.Bytes.Span)[0].ToApdu(),
        "DELETE" => DeleteCommand.ForObject(Aid.Parse(CardKit.MifareAid)).ToApdu(),
        "GET STATUS" => new GetStatusCommand(GetStatusScope.ApplicationsAndSecurityDomains).ToApdu(),
        "PUT KEY" => new PutKeyCommand(0x00, 0x01, 0x02, new ValueList<KeyComponent>([
            new KeyComponent(KeyComponent.Des, new byte[16], new byte[3]),
            new KeyComponent(KeyComponent.Des, new byte[16], new byte[3]),
            new KeyComponent(KeyComponent.Des, new byte[16], new byte[3])])).ToApdu(),
        "STORE DATA" => StoreDataBuilder.ForDgis([new Dgi(0x2F14, new byte[] { 0x86, 0x13, 0x80, 0x01 })])[0].ToApdu(),
        "SET STATUS" => SetStatusCommand.Lock(Aid.Parse(CardKit.MifareAid)).ToApdu(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(ProtectedCommandNames))]
    public void Content_management_outside_a_secure_channel_is_6982_and_changes_nothing(string name)
    {
        using var card = CardKit.NewCard();
        var before = CardStateFile.Serialize(card.Image);
        var command = Protected(name);

        // No session at all.
        CardKit.Select(card, HostSession.IsdAid);
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, card.Transmit(command).StatusWord);

        // INITIALIZE UPDATE done, but not EXTERNAL AUTHENTICATE.
        using var keys = CardKit.TestKeys();
        var (host, _) = CardKit.InitializeUpdate(card, HostSession.IsdAid, keys, 0x00);
        host.Dispose();
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, card.Transmit(command).StatusWord);

        // Secure messaging claimed (CLA 84 with an 8-byte "MAC") without any session.
        CardKit.Select(card, HostSession.IsdAid);
        var fake = new CommandApdu(0x84, command.Ins, command.P1, command.P2, (byte[])[.. command.Data.Span, .. new byte[8]]);
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, card.Transmit(fake).StatusWord);

        Assert.Equal(before, CardStateFile.Serialize(card.Image));
    }

    [Theory]
    [InlineData(SecurityLevel.CMac)]
    [InlineData(SecurityLevel.CMacCDecryption)]
    public void A_wrong_C_MAC_is_6982_and_closes_the_session(SecurityLevel level)
    {
        using var card = CardKit.NewCard();
        using var isd = HostSession.Open(card, level);
        var command = new GetStatusCommand(GetStatusScope.ApplicationsAndSecurityDomains).ToApdu();
        var wrapped = isd.Host.Wrap(command);
        var data = wrapped.Data.ToArray();
        data[^1] ^= 0x5A;
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, card.Transmit(wrapped.With(data: data)).StatusWord);

        // The card dropped the session: a correctly wrapped command is refused as well.
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, isd.Send(command).StatusWord);
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, isd.Send(DeleteCommand.ForObject(Aid.Parse("0102030405")).ToApdu()).StatusWord);

        // A new session works.
        using var again = HostSession.Open(card, level);
        Assert.NotEmpty(again.Registry(GetStatusScope.ApplicationsAndSecurityDomains));
    }

    [Fact]
    public void A_load_that_does_not_fit_is_6A84_and_free_memory_is_unchanged()
    {
        using var card = CardKit.NewCard(new SeBatchProfile { NonVolatileBytes = 400 });
        var cap = CapFiles.Read(CapFiles.HelloStk);
        Assert.True(cap.LoadFileDataBlock.Size > 400);
        using var isd = HostSession.Open(card);
        var before = isd.FreeMemory();
        var registry = CardKit.Aids(isd.Registry(GetStatusScope.ExecutableLoadFilesAndModules));
        var hash = (ByteString)SHA1.HashData(cap.LoadFileDataBlock.Bytes.Span);

        // Declared size too large: refused at INSTALL [for load].
        var install = isd.Send(InstallCommand.ForLoad(Aid.Parse(cap.PackageAid), null, hash, new LoadParameters(NonVolatileCodeMinimum: cap.LoadFileDataBlock.Size).ToArray()).ToApdu());
        Assert.Equal(StatusWords.NotEnoughMemory, install.StatusWord);
        Assert.Equal(before, isd.FreeMemory());
        Assert.Equal(registry, CardKit.Aids(isd.Registry(GetStatusScope.ExecutableLoadFilesAndModules)));

        // No size declared: refused by a LOAD block; the load ends and its memory comes back (GP 2.2.1 §9.3.5).
        isd.Ok(InstallCommand.ForLoad(Aid.Parse(cap.PackageAid), null, hash).ToApdu());
        var refused = false;
        foreach (var load in LoadFileBuilder.BuildCommands(cap.LoadFileDataBlock.Bytes.Span, maxBlockSize: 100))
        {
            var response = isd.Send(load.ToApdu());
            if (response.StatusWord == StatusWords.Success)
                continue;
            Assert.Equal(StatusWords.NotEnoughMemory, response.StatusWord);
            refused = true;
            break;
        }
        Assert.True(refused);
        Assert.Equal(before, isd.FreeMemory());
        Assert.Equal(registry, CardKit.Aids(isd.Registry(GetStatusScope.ExecutableLoadFilesAndModules)));

        // Nothing is left to delete: a smaller file loads straight away.
        var empty = CapFiles.Read(CapFiles.Empty);
        isd.LoadFile(empty.PackageAid, empty.LoadFileDataBlock.Bytes);
        Assert.Equal(before.FreeNonVolatileMemory - empty.LoadFileDataBlock.Size, isd.FreeMemory().FreeNonVolatileMemory);
    }

    [Fact]
    public void An_install_that_does_not_fit_is_6A84_and_free_memory_is_unchanged()
    {
        var empty = CapFiles.Read(CapFiles.Empty);
        using var card = CardKit.NewCard(new SeBatchProfile { NonVolatileBytes = empty.LoadFileDataBlock.Size + 300 });
        using var isd = HostSession.Open(card);
        isd.LoadFile(empty.PackageAid, empty.LoadFileDataBlock.Bytes);
        var before = isd.FreeMemory();
        Assert.Equal(300, before.FreeNonVolatileMemory);

        // The default instance charge (512) does not fit, nor does an explicit C8 quota of 301.
        var instance = Aid.Parse("0102030405060701");
        var install = InstallCommand.ForInstall(Aid.Parse(empty.PackageAid), Aid.Parse(empty.AppletAids[0]), instance, Privileges.None, InstallParameters.Empty.ToArray());
        Assert.Equal(StatusWords.NotEnoughMemory, isd.Send(install.ToApdu()).StatusWord);
        var withQuota = install with { InstallParameters = new InstallParameters(ByteString.Empty, NonVolatileQuota: 301).ToArray() };
        Assert.Equal(StatusWords.NotEnoughMemory, isd.Send(withQuota.ToApdu()).StatusWord);
        Assert.Equal(before, isd.FreeMemory());
        Assert.DoesNotContain(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains), e => e.Aid.ToString() == instance.ToString());

        // 300 fits exactly.
        isd.Ok((install with { InstallParameters = new InstallParameters(ByteString.Empty, NonVolatileQuota: 300).ToArray() }).ToApdu());
        Assert.Equal(0, isd.FreeMemory().FreeNonVolatileMemory);
    }

    [Fact]
    public void Unknown_key_version_and_unknown_AID_are_6A88()
    {
        using var card = CardKit.NewCard();
        CardKit.Select(card, HostSession.IsdAid);
        using (var host = new Scp02HostChannel(CardKit.TestKeys(0x20), SecurityLevel.CMac))
            Assert.Equal(StatusWords.ReferencedDataNotFound, card.Transmit(host.InitializeUpdate(0x20)).StatusWord);

        using var isd = HostSession.Open(card);
        Assert.Equal(StatusWords.ReferencedDataNotFound, isd.Send(DeleteCommand.ForObject(Aid.Parse("A0000009999999")).ToApdu()).StatusWord);
        Assert.Equal(StatusWords.ReferencedDataNotFound, isd.Send(DeleteCommand.ForObject(Aid.Parse("A0000009999999"), deleteRelated: true).ToApdu()).StatusWord);
    }

    [Fact]
    public void Deleting_the_ISD_a_ROM_preset_or_a_load_file_with_instances_without_related_is_6985()
    {
        using var card = CardKit.NewCard();
        using var isd = HostSession.Open(card);
        var empty = CapFiles.Read(CapFiles.Empty);
        isd.LoadFile(empty.PackageAid, empty.LoadFileDataBlock.Bytes);
        isd.Ok(InstallCommand.ForInstall(Aid.Parse(empty.PackageAid), Aid.Parse(empty.AppletAids[0]), Aid.Parse("0102030405060701"), Privileges.None, InstallParameters.Empty.ToArray()).ToApdu());
        var before = CardKit.Aids(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains));

        Assert.Equal(StatusWords.ConditionsNotSatisfied, isd.Send(DeleteCommand.ForObject(Aid.Parse(HostSession.IsdAid)).ToApdu()).StatusWord);
        Assert.Equal(StatusWords.ConditionsNotSatisfied, isd.Send(DeleteCommand.ForObject(Aid.Parse(HostSession.IsdAid), deleteRelated: true).ToApdu()).StatusWord);
        Assert.Equal(StatusWords.ConditionsNotSatisfied, isd.Send(DeleteCommand.ForObject(Aid.Parse(CardKit.MifareAid)).ToApdu()).StatusWord);
        Assert.Equal(StatusWords.ConditionsNotSatisfied, isd.Send(DeleteCommand.ForObject(Aid.Parse("A0000003964D6634"), deleteRelated: true).ToApdu()).StatusWord);
        Assert.Equal(StatusWords.ConditionsNotSatisfied, isd.Send(DeleteCommand.ForObject(Aid.Parse(empty.PackageAid)).ToApdu()).StatusWord);
        Assert.Equal(before, CardKit.Aids(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains)));
        Assert.Contains(isd.Registry(GetStatusScope.ExecutableLoadFiles), e => e.Aid.ToString() == empty.PackageAid);

        isd.Ok(DeleteCommand.ForObject(Aid.Parse(empty.PackageAid), deleteRelated: true).ToApdu());
        Assert.DoesNotContain(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains), e => e.Aid.ToString() == "0102030405060701");
    }

    [Fact]
    public void A_load_whose_hash_does_not_match_is_6A80_and_leaves_nothing()
    {
        using var card = CardKit.NewCard();
        var cap = CapFiles.Read(CapFiles.Empty);
        using var isd = HostSession.Open(card);
        var before = isd.FreeMemory();
        var files = CardKit.Aids(isd.Registry(GetStatusScope.ExecutableLoadFilesAndModules));
        var wrongHash = (ByteString)SHA1.HashData(new byte[] { 1, 2, 3 });
        isd.Ok(InstallCommand.ForLoad(Aid.Parse(cap.PackageAid), null, wrongHash, new LoadParameters(NonVolatileCodeMinimum: cap.LoadFileDataBlock.Size).ToArray()).ToApdu());
        var loads = LoadFileBuilder.BuildCommands(cap.LoadFileDataBlock.Bytes.Span, maxBlockSize: 100);
        foreach (var load in loads.SkipLast(1))
            isd.Ok(load.ToApdu());
        Assert.Equal(StatusWords.IncorrectData, isd.Send(loads[^1].ToApdu()).StatusWord);

        // GP 2.2.1 §9.3.5: a failed verification ends the load and reclaims its memory.
        Assert.Equal(before, isd.FreeMemory());
        Assert.Equal(files, CardKit.Aids(isd.Registry(GetStatusScope.ExecutableLoadFilesAndModules)));
        isd.LoadFile(cap.PackageAid, cap.LoadFileDataBlock.Bytes);
        Assert.Contains(isd.Registry(GetStatusScope.ExecutableLoadFilesAndModules), e => e.Aid.ToString() == cap.PackageAid && e.ModuleAids.Count == 1);
    }

    [Fact]
    public void A_load_importing_a_missing_package_is_6438_and_leaves_nothing()
    {
        using var card = CardKit.NewCard();
        var cap = CapFiles.Read(CapFiles.HelloStk);
        Assert.Contains(cap.Imports, i => i.Aid == "A0000000090003FFFFFFFF8910710002");
        card.Image.LoadFiles.RemoveAll(f => f.Aid == "A0000000090003FFFFFFFF8910710002"); // no sim.toolkit on this card
        using var isd = HostSession.Open(card);
        var before = isd.FreeMemory();
        var files = CardKit.Aids(isd.Registry(GetStatusScope.ExecutableLoadFilesAndModules));
        var hash = (ByteString)SHA1.HashData(cap.LoadFileDataBlock.Bytes.Span);
        isd.Ok(InstallCommand.ForLoad(Aid.Parse(cap.PackageAid), null, hash, new LoadParameters(NonVolatileCodeMinimum: cap.LoadFileDataBlock.Size).ToArray()).ToApdu());
        var loads = LoadFileBuilder.BuildCommands(cap.LoadFileDataBlock.Bytes.Span, maxBlockSize: 200);
        foreach (var load in loads.SkipLast(1))
            isd.Ok(load.ToApdu());
        Assert.Equal(StatusWords.ImportedPackageMissing, isd.Send(loads[^1].ToApdu()).StatusWord);
        Assert.Equal(before, isd.FreeMemory());
        Assert.Equal(files, CardKit.Aids(isd.Registry(GetStatusScope.ExecutableLoadFilesAndModules)));

        // A CAP whose imports are all there still loads.
        var empty = CapFiles.Read(CapFiles.Empty);
        isd.LoadFile(empty.PackageAid, empty.LoadFileDataBlock.Bytes);
    }

    [Fact]
    public void Bad_P1_P2_are_6A86()
    {
        using var card = CardKit.NewCard();
        Assert.Equal(StatusWords.IncorrectP1P2, CardKit.Send(card, "00A40000023F00").StatusWord);
        using var isd = HostSession.Open(card);
        var getStatus = new GetStatusCommand(GetStatusScope.ApplicationsAndSecurityDomains).ToApdu();
        Assert.Equal(StatusWords.IncorrectP1P2, isd.Send(new CommandApdu(getStatus.Cla, getStatus.Ins, 0x01, getStatus.P2, getStatus.Data, getStatus.Ne)).StatusWord);
        Assert.Equal(StatusWords.IncorrectP1P2, isd.Send(new CommandApdu(getStatus.Cla, getStatus.Ins, getStatus.P1, 0x04, getStatus.Data, getStatus.Ne)).StatusWord);
        // GP 2.2.1 §11.4.2: a wrong P1 P2 is not a command data error; the session stays open.
        Assert.NotEmpty(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains));
    }

    [Fact]
    public void Unknown_INS_is_6D00_and_bad_CLA_is_6E00()
    {
        using var card = CardKit.NewCard();
        Assert.Equal(StatusWords.InsNotSupported, CardKit.Send(card, "8012000000").StatusWord);
        Assert.Equal(StatusWords.InsNotSupported, CardKit.Send(card, "0012000000").StatusWord);
        using (var isd = HostSession.Open(card))
            Assert.Equal(StatusWords.InsNotSupported, isd.Send("8012000000").StatusWord);
        foreach (var cla in new[] { "10", "20", "30", "A0", "B0", "FF" })
            Assert.Equal(StatusWords.ClaNotSupported, CardKit.Send(card, cla + "CA006600").StatusWord);
    }

    [Fact]
    public void A_wrong_host_cryptogram_is_6300_and_no_session_opens()
    {
        using var card = CardKit.NewCard();
        Assert.Equal(StatusWords.AuthenticationFailed, CardKit.ForgedExternalAuthenticate(card));
        // Still no session: protected commands are refused.
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, card.Transmit(new GetStatusCommand(GetStatusScope.ApplicationsAndSecurityDomains).ToApdu()).StatusWord);

        // A host with other keys cannot even verify the card cryptogram.
        using var other = Scp02KeySet.FromSingleKey(0x00, CardKit.Key(0x11));
        Assert.Throws<Scp02Exception>(() => HostSession.TryOpen(card, SecurityLevel.CMac, HostSession.IsdAid, other, 0x00));
        using var ok = HostSession.Open(card);
    }

    [Fact]
    public void An_SSD_blocks_after_its_maximum_of_consecutive_failed_authentications()
    {
        const string ssd = "A00000015153504401";
        using var card = CardKit.NewCard();
        using (var isd = HostSession.Open(card))
            isd.Ok(CardKit.InstallSsd(ssd, new Cms2acSdParameters(KeyVersionNumber: 0x01, MaxAuthenticationFailures: 0x03)));

        // Two failures, then a success: the count starts again.
        Assert.Equal(StatusWords.AuthenticationFailed, CardKit.ForgedExternalAuthenticate(card, ssd));
        Assert.Equal(StatusWords.AuthenticationFailed, CardKit.ForgedExternalAuthenticate(card, ssd));
        HostSession.Open(card, sdAid: ssd).Dispose();

        for (var i = 0; i < 3; i++)
            Assert.Equal(StatusWords.AuthenticationFailed, CardKit.ForgedExternalAuthenticate(card, ssd));
        CardKit.Select(card, ssd);
        using var host = new Scp02HostChannel(CardKit.TestKeys(), SecurityLevel.CMac);
        Assert.Equal(StatusWords.AuthenticationMethodBlocked, card.Transmit(host.InitializeUpdate(0x00)).StatusWord);
        Assert.Equal(StatusWords.AuthenticationMethodBlocked, card.Transmit(host.InitializeUpdate(0x01)).StatusWord);

        // The ISD is not affected.
        HostSession.Open(card).Dispose();
    }
}
