using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp02;
using Tsm.Protocol.Scp03;
using Tsm.Simulator.Card;

namespace Tsm.Simulator.Tests.Card;

/// <summary>
/// Simulated cards whose ISD speaks SCP03 (GP Amendment D; docs/simulator.md "SCP03"): sessions at every level with
/// the host primitives, content management, PUT KEY of AES-128/192/256 keys, SSDs, and refusals.
/// </summary>
public sealed class Scp03CardTests
{
    private static SimulatedCard NewScp03Card(byte keyVersion = 0x30, byte i = 0x70) =>
        CardKit.NewCard(new SeBatchProfile { SecureChannel = 0x03, KeyVersion = keyVersion, Scp03I = i });

    private static Scp03KeySet TestKeys(byte version = 0x30) => Scp03KeySet.FromSingleKey(version, CardKit.TestKey);

    private static byte[] AesKey(int length, byte seed) => Enumerable.Range(seed, length).Select(b => (byte)b).ToArray();

    public static TheoryData<byte> Levels() => [0x00, 0x01, 0x03, 0x11, 0x13, 0x33];

    [Theory]
    [MemberData(nameof(Levels))]
    public void An_SCP03_ISD_runs_sessions_at_every_level(byte level)
    {
        using var card = NewScp03Card();
        using var keys = TestKeys();
        using var isd = Scp03HostSession.Open(card, keys, (SecurityLevel)level);
        Assert.Equal(0x30, isd.InitializeUpdateResponse.KeyVersion);
        Assert.Equal(0x70, isd.InitializeUpdateResponse.Parameter.Value);
        Assert.Equal(Hex.Parse(card.Image.KeyDiversificationData), isd.InitializeUpdateResponse.KeyDiversificationData.ToArray());
        var registry = isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains);
        Assert.Contains(registry, e => e.Aid.ToString() == CardKit.MifareAid);
        var isdEntry = Assert.Single(isd.Registry(GetStatusScope.IssuerSecurityDomain));
        Assert.Equal(HostSession.IsdAid, isdEntry.Aid.ToString());
        // An error answer comes back as a bare status word at every level.
        Assert.Equal(StatusWords.ReferencedDataNotFound, isd.Send(CommandApdu.Parse("80CA00FE00")).StatusWord);
        Assert.Equal((byte)0x03, CardData.Parse(isd.Ok(CommandApdu.Parse("80CA006600")).Data.Span).ScpId);
    }

    [Fact]
    public void Content_is_loaded_installed_and_deleted_over_SCP03_with_full_protection()
    {
        using var card = NewScp03Card();
        using var keys = TestKeys();
        using var isd = Scp03HostSession.Open(card, keys, SecurityLevel.All);
        var cap = CapFiles.Read(CapFiles.HelloStk);
        var block = cap.LoadFileDataBlock.Bytes;
        isd.Ok(InstallCommand.ForLoad(Aid.Parse(cap.PackageAid), null, System.Security.Cryptography.SHA1.HashData(block.Span), new LoadParameters(NonVolatileCodeMinimum: block.Length).ToArray()).ToApdu());
        foreach (var load in LoadFileBuilder.BuildCommands(block.ToArray(), maxBlockSize: 200))
            isd.Ok(load.ToApdu());
        const string instance = "D07002CA4490010199";
        isd.Ok(InstallCommand.ForInstall(Aid.Parse(cap.PackageAid), Aid.Parse(cap.AppletAids[0]), Aid.Parse(instance), Privileges.None, InstallParameters.Empty.ToArray()).ToApdu());
        Assert.Contains(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains), e => e.Aid.ToString() == instance);
        isd.Ok(DeleteCommand.ForObject(Aid.Parse(cap.PackageAid), deleteRelated: true).ToApdu());
        Assert.DoesNotContain(isd.Registry(GetStatusScope.ExecutableLoadFiles), e => e.Aid.ToString() == cap.PackageAid);
    }

    [Fact]
    public void The_card_announces_SCP03_and_its_AES_keys()
    {
        using var card = NewScp03Card();
        CardKit.Select(card, HostSession.IsdAid);
        var cardData = CardData.Parse(CardKit.Send(card, "80CA006600").Data.Span);
        Assert.Equal((byte)0x03, cardData.ScpId);
        Assert.Equal((byte)0x70, cardData.ScpI);
        // GP 2.2.1 §11.3.3.1: one C0 per key, type 88 (AES) and length 16.
        Assert.Equal("E012C00401308810C00402308810C00403308810", Hex.Format(CardKit.Send(card, "80CA00E000").Data.Span));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(32)]
    public void PUT_KEY_of_AES_keys_replaces_the_set_and_the_new_keys_open_sessions(int length)
    {
        using var card = NewScp03Card();
        byte[] enc = AesKey(length, 0x10), mac = AesKey(length, 0x30), dek = AesKey(length, 0x50);
        using (var keys = TestKeys())
        using (var isd = Scp03HostSession.Open(card, keys, SecurityLevel.CMacCDecryption))
        {
            var command = isd.PutKey(0x30, 0x31, enc, mac, dek);
            var response = isd.Ok(command.ToApdu());
            Assert.Equal((byte[])[0x31, .. Scp03Crypto.KeyCheckValue(enc), .. Scp03Crypto.KeyCheckValue(mac), .. Scp03Crypto.KeyCheckValue(dek)], response.Data.ToArray());
        }
        CardKit.Select(card, HostSession.IsdAid);
        var info = KeyInformation.Parse(CardKit.Send(card, "80CA00E000").Data.Span);
        Assert.All(info, k => Assert.Equal((0x31, (int)KeyComponent.Aes, length), ((int)k.KeyVersionNumber, (int)k.Components.Single().Type, (int)k.Components.Single().Length)));
        using (var newKeys = new Scp03KeySet(0x31, enc, mac, dek))
        using (var isd = Scp03HostSession.Open(card, newKeys, SecurityLevel.All, keyVersion: 0x31))
            Assert.NotEmpty(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains));
        using var old = TestKeys();
        CardKit.Select(card, HostSession.IsdAid);
        using var host = new Scp03HostChannel(old, SecurityLevel.CMac);
        Assert.Equal(StatusWords.ReferencedDataNotFound, card.Transmit(host.InitializeUpdate(0x30)).StatusWord);
    }

    [Fact]
    public void PUT_KEY_refuses_a_wrong_KCV_DES_keys_and_malformed_key_blocks_without_changing_the_keys()
    {
        using var card = NewScp03Card();
        using var keys = TestKeys();
        using (var isd = Scp03HostSession.Open(card, keys, SecurityLevel.CMacCDecryption))
        {
            Assert.Equal(StatusWords.InvalidKeyCheckValue, isd.Send(isd.PutKey(0x00, 0x31, AesKey(16, 1), AesKey(16, 2), AesKey(16, 3), corruptKcvOf: 1).ToApdu()).StatusWord);
        }
        using (var isd = Scp03HostSession.Open(card, keys, SecurityLevel.CMacCDecryption))
        {
            var des = new PutKeyCommand(0x00, 0x01, 0x31, ValueList.Create<KeyComponent>([new(KeyComponent.Des, new byte[16], new byte[3]), new(KeyComponent.Des, new byte[16], new byte[3]), new(KeyComponent.Des, new byte[16], new byte[3])]));
            Assert.Equal(StatusWords.AlgorithmNotSupported, isd.Send(des.ToApdu()).StatusWord);
        }
        using (var isd = Scp03HostSession.Open(card, keys, SecurityLevel.CMacCDecryption))
        {
            var shortBlock = new PutKeyCommand(0x00, 0x01, 0x31, ValueList.Create<KeyComponent>([new(KeyComponent.Aes, Hex.Parse("20" + new string('0', 32)), new byte[3]), new(KeyComponent.Aes, new byte[16], new byte[3]), new(KeyComponent.Aes, new byte[16], new byte[3])]));
            Assert.Equal(StatusWords.IncorrectData, isd.Send(shortBlock.ToApdu()).StatusWord);
        }
        Assert.Equal([0x30], card.Image.Applications[0].SecurityDomain!.KeySets.Select(k => k.Version));
    }

    [Fact]
    public void Wrong_keys_are_told_apart_by_the_host_and_a_forged_host_cryptogram_gets_6300()
    {
        using var card = NewScp03Card();
        using var wrong = Scp03KeySet.FromSingleKey(0x30, AesKey(16, 0x77));
        CardKit.Select(card, HostSession.IsdAid);
        using var impostor = new Scp03HostChannel(wrong, SecurityLevel.CMac);
        var answer = Scp03InitializeUpdateResponse.Parse(card.Transmit(impostor.InitializeUpdate(0x30)).Data.Span);
        Assert.Throws<Scp03Exception>(() => impostor.ExternalAuthenticate(answer));

        using var keys = TestKeys();
        using var host = new Scp03HostChannel(keys, SecurityLevel.CMac);
        answer = Scp03InitializeUpdateResponse.Parse(card.Transmit(host.InitializeUpdate(0x30)).Data.Span);
        var forged = host.ExternalAuthenticate(answer).ToArray();
        forged[5] ^= 0x01;
        Assert.Equal(StatusWords.AuthenticationFailed, card.Transmit(CommandApdu.Parse(forged)).StatusWord);
        // After the failure the session is gone: a wrapped command is refused.
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, card.Transmit(host.Wrap(new GetStatusCommand(GetStatusScope.IssuerSecurityDomain).ToApdu())).StatusWord);
    }

    [Fact]
    public void A_level_the_card_does_not_offer_is_refused_with_6A86()
    {
        using var card = NewScp03Card(i: 0x00);
        using var keys = TestKeys();
        CardKit.Select(card, HostSession.IsdAid);
        using var host = new Scp03HostChannel(keys, SecurityLevel.CMacRMac);
        var answer = Scp03InitializeUpdateResponse.Parse(card.Transmit(host.InitializeUpdate(0x30)).Data.Span);
        Assert.Null(answer.SequenceCounter);
        Assert.Throws<Scp03Exception>(() => host.ExternalAuthenticate(answer)); // the host sees i = 00 first
    }

    [Fact]
    public void The_sequence_counter_moves_on_with_every_INITIALIZE_UPDATE_so_challenges_never_repeat()
    {
        using var card = NewScp03Card();
        using var keys = TestKeys();
        var challenges = new List<string>();
        for (var n = 0; n < 3; n++)
        {
            CardKit.Select(card, HostSession.IsdAid);
            using var host = new Scp03HostChannel(keys, SecurityLevel.CMac);
            var answer = Scp03InitializeUpdateResponse.Parse(card.Transmit(host.InitializeUpdate(0x30)).Data.Span);
            Assert.Equal(n, answer.SequenceCounter);
            challenges.Add(Hex.Format(answer.CardChallenge.Span));
        }
        Assert.Equal(3, challenges.Distinct().Count());
        Assert.Equal(3, CardKit.SequenceCounterPlain(card));
    }

    [Fact]
    public void An_SCP03_ISD_creates_SSDs_that_speak_SCP03()
    {
        using var card = NewScp03Card();
        using var keys = TestKeys();
        const string ssdAid = "A00000015153504101";
        using (var isd = Scp03HostSession.Open(card, keys, SecurityLevel.CMacCDecryption))
            isd.Ok(CardKit.InstallSsd(ssdAid, new Cms2acSdParameters()));
        var ssd = card.Image.Applications.Single(a => a.Aid == ssdAid).SecurityDomain!;
        Assert.Equal((byte)0x03, ssd.KeySets.Single().Scp);
        using var ssdKeys = Scp03KeySet.FromSingleKey(0x01, CardKit.TestKey);
        using var session = Scp03HostSession.Open(card, ssdKeys, SecurityLevel.All, ssdAid);
        Assert.Equal(0x01, session.InitializeUpdateResponse.KeyVersion);
        session.Ok(new GetStatusCommand(GetStatusScope.ApplicationsAndSecurityDomains).ToApdu());
    }

    [Fact]
    public void An_SCP02_card_is_unchanged_and_refuses_SCP03_hosts()
    {
        using var card = CardKit.NewCard();
        CardKit.Select(card, HostSession.IsdAid);
        Assert.Equal((byte)0x02, CardData.Parse(CardKit.Send(card, "80CA006600").Data.Span).ScpId);
        using var keys = TestKeys(0x01);
        using var host = new Scp03HostChannel(keys, SecurityLevel.CMac);
        var answer = card.Transmit(host.InitializeUpdate(0x01));
        Assert.Throws<Scp03Exception>(() => Scp03InitializeUpdateResponse.Parse(answer.Data.Span));
        Assert.Throws<ArgumentException>(() => CardFactory.CreateBatch(new SeBatchProfile { SecureChannel = 0x01 }).ToList());
    }
}
