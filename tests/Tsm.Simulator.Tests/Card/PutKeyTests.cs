using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Crypto;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp02;
using Tsm.Simulator.Card;

namespace Tsm.Simulator.Tests.Card;

/// <summary>PUT KEY (GP 2.2.1 §11.8): rotation, coexisting key sets, sequence counters (§E.1.2) and KCV checks.</summary>
public sealed class PutKeyTests
{
    private static readonly byte[] Enc2 = CardKit.Key(0x21), Mac2 = CardKit.Key(0x32), Dek2 = CardKit.Key(0x43);
    private static readonly byte[] Enc3 = CardKit.Key(0x54), Mac3 = CardKit.Key(0x65), Dek3 = CardKit.Key(0x76);

    private static ushort CounterOf(SimulatedCard card, Scp02KeySet keys, byte keyVersion)
    {
        var (host, response) = CardKit.InitializeUpdate(card, HostSession.IsdAid, keys, keyVersion);
        host.Dispose();
        Assert.Equal(keyVersion, response.KeyVersion);
        return response.SequenceCounter;
    }

    [Fact]
    public void Replacing_key_set_01_by_02_retires_the_old_keys()
    {
        using var card = CardKit.NewCard();
        using (var isd = HostSession.Open(card, keyVersion: 0x01))
        {
            var command = CardKit.PutKey(isd, 0x01, 0x02, Enc2, Mac2, Dek2);
            var response = isd.Ok(command.ToApdu());
            Assert.Equal((byte[])[0x02, .. DesMac.KeyCheckValue(Enc2), .. DesMac.KeyCheckValue(Mac2), .. DesMac.KeyCheckValue(Dek2)], response.Data.ToArray());
            Assert.True(PutKeyResponse.Parse(response, command).Confirms(command));
        }

        CardKit.Select(card, HostSession.IsdAid);
        using (var host = new Scp02HostChannel(CardKit.TestKeys(0x01), SecurityLevel.CMac))
            Assert.Equal(StatusWords.ReferencedDataNotFound, card.Transmit(host.InitializeUpdate(0x01)).StatusWord);

        // The old keys at the new version do not verify; the new keys do, at KVN 02 and as the default (00).
        using (var oldKeys = CardKit.TestKeys(0x02))
            Assert.Throws<Scp02Exception>(() => HostSession.TryOpen(card, SecurityLevel.CMac, HostSession.IsdAid, oldKeys, 0x02));
        using (var isd = CardKit.OpenWith(card, Enc2, Mac2, Dek2, 0x02))
            Assert.NotEmpty(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains));
        using (var isd = CardKit.OpenWith(card, Enc2, Mac2, Dek2, 0x00))
            Assert.NotEmpty(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains));

        var keyInfo = CardKit.Send(card, "80CA00E000");
        Assert.Equal(StatusWords.Success, keyInfo.StatusWord);
        Assert.Equal([0x02], KeyInformation.Parse(keyInfo.Data.Span).Select(k => k.KeyVersionNumber).Distinct());
    }

    [Fact]
    public void Key_information_lists_one_object_per_key_of_every_version()
    {
        // GP 2.2.1 §11.3.3.1, tables 11-27/11-28: E0 holds one C0 per key (id, version, type and length).
        using var card = CardKit.NewCard();
        CardKit.Select(card, HostSession.IsdAid);
        Assert.Equal("E012C00401018010C00402018010C00403018010", Hex.Format(CardKit.Send(card, "80CA00E000").Data.Span));

        using (var isd = HostSession.Open(card))
            isd.Ok(CardKit.PutKey(isd, 0x00, 0x02, Enc2, Mac2, Dek2).ToApdu());
        CardKit.Select(card, HostSession.IsdAid);
        var keys = KeyInformation.Parse(CardKit.Send(card, "80CA00E000").Data.Span);
        Assert.Equal([(0x01, 0x01), (0x02, 0x01), (0x03, 0x01), (0x01, 0x02), (0x02, 0x02), (0x03, 0x02)],
            keys.Select(k => ((int)k.KeyId, (int)k.KeyVersionNumber)).OrderBy(k => k.Item2).ThenBy(k => k.Item1).ToList());
        Assert.All(keys, k => Assert.Equal((0x80, 16), ((int)k.Components.Single().Type, k.Components.Single().Length)));
    }

    [Fact]
    public void A_new_key_set_coexists_with_the_current_one()
    {
        using var card = CardKit.NewCard();
        using (var isd = HostSession.Open(card))
            isd.Ok(CardKit.PutKey(isd, 0x01, 0x02, Enc2, Mac2, Dek2).ToApdu());
        using (var isd = CardKit.OpenWith(card, Enc2, Mac2, Dek2, 0x02))
        {
            var command = CardKit.PutKey(isd, 0x00, 0x03, Enc3, Mac3, Dek3);
            Assert.Equal(0x00, command.ToApdu().P1);
            isd.Ok(command.ToApdu());
            // Adding a version that exists is refused.
            Assert.Equal(StatusWords.IncorrectData, isd.Send(CardKit.PutKey(isd, 0x00, 0x02, Enc3, Mac3, Dek3).ToApdu()).StatusWord);
        }
        using (var isd = CardKit.OpenWith(card, Enc2, Mac2, Dek2, 0x02))
            Assert.NotEmpty(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains));
        using (var isd = CardKit.OpenWith(card, Enc3, Mac3, Dek3, 0x03))
            Assert.NotEmpty(isd.Registry(GetStatusScope.ApplicationsAndSecurityDomains));
        using (var wrong = new Scp02KeySet(0x03, Enc2, Mac2, Dek2))
            Assert.Throws<Scp02Exception>(() => HostSession.TryOpen(card, SecurityLevel.CMac, HostSession.IsdAid, wrong, 0x03));
        Assert.Equal([0x02, 0x03], card.Image.Applications[0].SecurityDomain!.KeySets.Select(k => k.Version));
    }

    [Fact]
    public void The_sequence_counter_counts_successful_sessions_per_key_set_and_restarts_for_a_new_set()
    {
        using var card = CardKit.NewCard();
        Assert.Equal(0, CardKit.SequenceCounterPlain(card));
        for (var i = 1; i <= 3; i++)
        {
            using var isd = HostSession.Open(card);
            Assert.Equal(i, SequenceCounter.Parse(isd.Ok(GetDataCommand.SequenceCounter.ToApdu()).Data.Span));
        }
        // Failures and unfinished handshakes do not count.
        Assert.Equal(StatusWords.AuthenticationFailed, CardKit.ForgedExternalAuthenticate(card));
        using (var keys = CardKit.TestKeys(0x01))
            Assert.Equal(3, CounterOf(card, keys, 0x01));
        Assert.Equal(3, CardKit.SequenceCounterPlain(card));

        using (var isd = HostSession.Open(card))
        {
            isd.Ok(CardKit.PutKey(isd, 0x01, 0x02, Enc2, Mac2, Dek2).ToApdu());
            Assert.Equal(0, SequenceCounter.Parse(isd.Ok(GetDataCommand.SequenceCounter.ToApdu()).Data.Span));
        }
        Assert.Equal(0, CardKit.SequenceCounterPlain(card));
        using (var isd = CardKit.OpenWith(card, Enc2, Mac2, Dek2, 0x02))
        {
            Assert.Equal(1, SequenceCounter.Parse(isd.Ok(GetDataCommand.SequenceCounter.ToApdu()).Data.Span));
            isd.Ok(CardKit.PutKey(isd, 0x00, 0x03, Enc3, Mac3, Dek3).ToApdu());
        }
        using (var keys = new Scp02KeySet(0x03, Enc3, Mac3, Dek3))
            Assert.Equal(0, CounterOf(card, keys, 0x03));
        CardKit.OpenWith(card, Enc3, Mac3, Dek3, 0x03).Dispose();
        CardKit.OpenWith(card, Enc3, Mac3, Dek3, 0x03).Dispose();
        using (var keys = new Scp02KeySet(0x03, Enc3, Mac3, Dek3))
            Assert.Equal(2, CounterOf(card, keys, 0x03));
        using (var keys = new Scp02KeySet(0x02, Enc2, Mac2, Dek2))
            Assert.Equal(1, CounterOf(card, keys, 0x02));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void A_wrong_key_check_value_is_9485_and_changes_nothing(int corrupt)
    {
        using var card = CardKit.NewCard();
        var before = CardStateFile.Serialize(card.Image);
        using (var isd = HostSession.Open(card))
        {
            before = CardStateFile.Serialize(card.Image);
            Assert.Equal(StatusWords.InvalidKeyCheckValue, isd.Send(CardKit.PutKey(isd, 0x01, 0x02, Enc2, Mac2, Dek2, corruptKcvOf: corrupt).ToApdu()).StatusWord);
            Assert.Equal(StatusWords.InvalidKeyCheckValue, isd.Send(CardKit.PutKey(isd, 0x00, 0x03, Enc3, Mac3, Dek3, corruptKcvOf: corrupt).ToApdu()).StatusWord);
            Assert.Equal(before, CardStateFile.Serialize(card.Image));
        }
        using var again = HostSession.Open(card, keyVersion: 0x01);
        CardKit.Select(card, HostSession.IsdAid, 0);
        using var host = new Scp02HostChannel(CardKit.TestKeys(0x02), SecurityLevel.CMac);
        Assert.Equal(StatusWords.ReferencedDataNotFound, card.Transmit(host.InitializeUpdate(0x02)).StatusWord);
    }

    [Fact]
    public void Replacing_an_unknown_key_version_is_6A88()
    {
        using var card = CardKit.NewCard();
        using var isd = HostSession.Open(card);
        Assert.Equal(StatusWords.ReferencedDataNotFound, isd.Send(CardKit.PutKey(isd, 0x05, 0x02, Enc2, Mac2, Dek2).ToApdu()).StatusWord);
        Assert.Equal(CardFactory.GlobalPlatformTestKey, card.Image.Applications[0].SecurityDomain!.KeySets.Single().Enc);
    }
}
