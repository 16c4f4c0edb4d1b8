using Microsoft.Extensions.Options;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Keys;
using Tsm.Grains.Ota;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Crypto;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Simulator.Card;
using Tsm.Simulator.Card.Applets;

namespace Tsm.Grains.Tests;

/// <summary>
/// Security-domain operations (requirement 5.8.3) and personalization modes 1–3 (5.8.4.6) run by the engine against a
/// simulated SE, APDUs relayed in memory; every check reads the card's own registry, keys or applet data.
/// </summary>
public sealed class SecurityDomainSessionTests
{
    private const string SeId = "86000000000000000001";
    private const string OperatorSd = "A000000151535300AA";
    private const string ThirdPartySd = "A000000151535300BB";
    private const string Provider = "bank";
    private static readonly byte[] Tk = Hex.Parse("1111111111111111AAAAAAAAAAAAAAAA");
    private static readonly byte[] Kek = Hex.Parse("2222222222222222BBBBBBBBBBBBBBBB");
    private static readonly byte[] PurseKey = Hex.Parse("0123456789ABCDEFFEDCBA9876543210");
    private static readonly byte[] NewIsdKey = Hex.Parse("505152535455565758595A5B5C5D5E5F");

    private static readonly SecurityDomainDefinition OperatorDomain = new() { Aid = OperatorSd, FixedSpace = 4096, KeyVersion = 0x30 };

    private static readonly SecurityDomainDefinition ThirdPartyDomain = new() { Aid = ThirdPartySd, Owner = Provider, Mode = 2 };

    private static readonly PersonalizationTemplate PurseTemplate = new()
    {
        Fields = [new PersonalizationField { Dgi = "0101", Sensitive = true }, new PersonalizationField { Dgi = "0102" }],
    };

    private static readonly SeBatch RotatingBatch = OtaSessionTests.Batch with { MasterKeyRefs = new Dictionary<string, string> { ["20"] = "gp-new" } };

    private static readonly SoftwareKeyService Keys = NewKeys();

    private static SoftwareKeyService NewKeys()
    {
        var bootstrap = new SoftwareKeyService(Options.Create(new KeyServiceOptions { StorageKey = OtaSessionTests.StorageKey }));
        return new SoftwareKeyService(Options.Create(new KeyServiceOptions
        {
            StorageKey = OtaSessionTests.StorageKey,
            MasterKeys = new Dictionary<string, string>
            {
                ["gp-test"] = bootstrap.Protect(Hex.Parse(CardFactory.GlobalPlatformTestKey)),
                ["gp-new"] = bootstrap.Protect(NewIsdKey),
            },
            Providers = new Dictionary<string, ProviderKeys> { [Provider] = new() { TransportKey = bootstrap.Protect(Tk), Kek = bootstrap.Protect(Kek) } },
        }));
    }

    private static SimulatedCard NewPurseCard()
    {
        var image = CardFactory.CreateBatch(new SeBatchProfile
        {
            FirstSeId = SeId,
            ModuleBehaviours = new Dictionary<string, string> { [OtaSessionTests.App.Instances[0].ModuleAid] = AppletBehaviours.EPurse },
        }).Single();
        var card = new SimulatedCard(image);
        card.PowerOn();
        return card;
    }

    private static TaskSpec Spec(OperationKind kind, string? sd = null, string? app = null) =>
        TestTasks.Of(kind, app, sd) with { Provider = new ProviderOrigin(Provider, "test-platform") };

    private static (OtaFinished Finished, int Orders) Run(SimulatedCard card, TaskSpec spec, ApplicationDefinition? app = null,
        SecurityDomainDefinition? sd = null, SeBatch? batch = null, byte level = 0x01, KnownContent? known = null)
    {
        using var session = new OtaSession(spec with { SecurityLevel = level }, batch ?? OtaSessionTests.Batch, app, app is null ? null : OtaSessionTests.Cap,
            known ?? new KnownContent(false, new HashSet<string>()), Keys, new OtaOptions(), sd);
        var order = session.Begin();
        var orders = 1;
        while (true)
        {
            var responses = order.Commands.Select(c => ResponseApdu.Parse(card.Transmit(Hex.Parse(c)))).ToList();
            switch (session.Advance(responses))
            {
                case OtaFinished finished:
                    return (finished, orders);
                case OtaContinue next:
                    order = next.Order;
                    orders++;
                    break;
            }
        }
    }

    private static ApplicationRecord Domain(SimulatedCard card, string aid) => card.Image.Applications.Single(a => a.Aid == aid);

    private static long FreeSpace(SimulatedCard card)
    {
        var response = ResponseApdu.Parse(card.Transmit(Hex.Parse("00A4040007A0000001510000")));
        Assert.Equal(StatusWords.Success, response.StatusWord);
        var data = ResponseApdu.Parse(card.Transmit(GetDataCommand.ExtendedCardResources.ToApdu().ToArray()));
        return ExtendedCardResources.Parse(data.Data.Span).FreeNonVolatileMemory;
    }

    private static void AssertSucceeded(OtaFinished finished) =>
        Assert.True(finished.Outcome.State == TaskState.Succeeded, $"{finished.Outcome.Reason} {finished.Outcome.StatusWord}");

    [Fact]
    public void Creating_an_operator_sd_installs_it_replaces_its_keys_and_personalizes_it_in_three_orders()
    {
        using var card = NewPurseCard();
        var before = FreeSpace(card);
        var keys = Keys.GenerateKeySet(0x30);
        var (finished, orders) = Run(card, Spec(OperationKind.CreateSecurityDomain, OperatorSd) with { NewKeySet = keys }, sd: OperatorDomain);
        AssertSucceeded(finished);
        Assert.Equal(3, orders);
        var sd = Domain(card, OperatorSd);
        Assert.Equal(LifeCycle.Personalized, sd.LifeCycle);
        var set = Assert.Single(sd.SecurityDomain!.KeySets);
        Assert.Equal(0x30, set.Version);
        Assert.Equal(keys.KeyCheckValues, string.Concat(new[] { set.Enc, set.Mac, set.Dek }.Select(k => Hex.Format(DesMac.KeyCheckValue(Hex.Parse(k))))));
        Assert.True(finished.Facts.SecurityDomainPersonalized);
        Assert.Equal((byte)0x30, finished.Facts.SecurityDomainKeyVersion);
        // Fixed space: the SE's free space drops by the SD's quota (and its own instance charge).
        Assert.True(before - FreeSpace(card) >= 4096);
        Assert.True(before - finished.Facts.FreeNonVolatile >= 4096);

        // The same task again, as after a crash once the card had done it all: INSTALL's 6985 is expected (GET STATUS
        // in the same order lists the SD), the card reports the new KVN so nothing is put, SET STATUS finds it personalized.
        var (again, _) = Run(card, Spec(OperationKind.CreateSecurityDomain, OperatorSd) with { NewKeySet = keys }, sd: OperatorDomain);
        AssertSucceeded(again);
        Assert.Equal(0x30, Assert.Single(Domain(card, OperatorSd).SecurityDomain!.KeySets).Version);
        Assert.True(again.Facts.SecurityDomainPersonalized);
    }

    [Fact]
    public void A_key_update_puts_the_next_version_on_the_sds_own_channel_and_a_resumed_one_does_not_put_it_twice()
    {
        using var card = NewPurseCard();
        var first = Keys.GenerateKeySet(0x30);
        AssertSucceeded(Run(card, Spec(OperationKind.CreateSecurityDomain, OperatorSd) with { NewKeySet = first }, sd: OperatorDomain).Finished);
        var second = Keys.GenerateKeySet(0x31);
        var update = Spec(OperationKind.UpdateSecurityDomainKeys, OperatorSd) with { NewKeySet = second, SecurityDomainKeySets = [first] };
        var (finished, _) = Run(card, update, sd: OperatorDomain);
        AssertSucceeded(finished);
        Assert.Equal(0x31, Assert.Single(Domain(card, OperatorSd).SecurityDomain!.KeySets).Version);
        Assert.Equal((byte)0x31, finished.Facts.SecurityDomainKeyVersion);
        // The same task again (a resume after the card took the keys): the card reports 31, nothing is put again.
        var (again, orders) = Run(card, update, sd: OperatorDomain);
        AssertSucceeded(again);
        Assert.Equal(2, orders);
        Assert.Equal(0x31, Assert.Single(Domain(card, OperatorSd).SecurityDomain!.KeySets).Version);
    }

    [Fact]
    public void A_third_partys_keys_go_from_its_kek_to_the_session_dek_and_the_card_checks_their_kcvs()
    {
        using var card = NewPurseCard();
        var plain = new[] { "000102030405060708090A0B0C0D0E0F", "101112131415161718191A1B1C1D1E1F", "202122232425262728292A2B2C2D2E2F" }.Select(Hex.Parse).ToList();
        var provided = new ProviderKeySet(0x21,
            [.. plain.Select(k => Hex.Format(new DesCipher(Kek).EncryptEcb(k)))],
            [.. plain.Select(k => Hex.Format(DesMac.KeyCheckValue(k)))]);
        Assert.True(Keys.VerifyUnderKek(Provider, Hex.Parse(provided.KeysUnderKek[0]), Hex.Parse(provided.KeyCheckValues[0])));
        Assert.False(Keys.VerifyUnderKek(Provider, Hex.Parse(provided.KeysUnderKek[0]), Hex.Parse(provided.KeyCheckValues[1])));
        var (finished, _) = Run(card, Spec(OperationKind.CreateSecurityDomain, ThirdPartySd) .WithProviderKeys(provided), sd: ThirdPartyDomain);
        AssertSucceeded(finished);
        var set = Assert.Single(Domain(card, ThirdPartySd).SecurityDomain!.KeySets);
        Assert.Equal(0x21, set.Version);
        Assert.Equal(Hex.Format(plain[0]), set.Enc);
        Assert.Equal(Hex.Format(plain[2]), set.Dek);
    }

    [Fact]
    public void A_third_partys_sd_created_without_keys_waits_not_personalized_for_its_providers_key_update()
    {
        using var card = NewPurseCard();
        var (created, orders) = Run(card, Spec(OperationKind.CreateSecurityDomain, ThirdPartySd), sd: ThirdPartyDomain);
        AssertSucceeded(created);
        Assert.Equal(2, orders);
        Assert.NotEqual(LifeCycle.Personalized, Domain(card, ThirdPartySd).LifeCycle);
        var key = Hex.Parse("303132333435363738393A3B3C3D3E3F");
        var provided = new ProviderKeySet(0x22, [.. Enumerable.Repeat(Hex.Format(new DesCipher(Kek).EncryptEcb(key)), 3)], [.. Enumerable.Repeat(Hex.Format(DesMac.KeyCheckValue(key)), 3)]);
        var (updated, _) = Run(card, Spec(OperationKind.UpdateSecurityDomainKeys, ThirdPartySd) .WithProviderKeys(provided), sd: ThirdPartyDomain);
        AssertSucceeded(updated);
        Assert.Equal(LifeCycle.Personalized, Domain(card, ThirdPartySd).LifeCycle);
        Assert.True(updated.Facts.SecurityDomainPersonalized);
    }

    [Fact]
    public void Deleting_an_sd_frees_its_space_and_a_repeated_delete_finds_it_gone()
    {
        using var card = NewPurseCard();
        var before = FreeSpace(card);
        AssertSucceeded(Run(card, Spec(OperationKind.CreateSecurityDomain, OperatorSd) with { NewKeySet = Keys.GenerateKeySet(0x30) }, sd: OperatorDomain).Finished);
        var (deleted, _) = Run(card, Spec(OperationKind.DeleteSecurityDomain, OperatorSd), sd: OperatorDomain);
        AssertSucceeded(deleted);
        Assert.DoesNotContain(card.Image.Applications, a => a.Aid == OperatorSd);
        Assert.Equal(before, FreeSpace(card));
        Assert.Equal(before, deleted.Facts.FreeNonVolatile);
        AssertSucceeded(Run(card, Spec(OperationKind.DeleteSecurityDomain, OperatorSd), sd: OperatorDomain).Finished);
    }

    [Fact]
    public void A_download_into_a_missing_sd_creates_it_first_then_extradites_the_application_to_it()
    {
        using var card = NewPurseCard();
        var app = OtaSessionTests.App with { SecurityDomainAid = OperatorSd };
        var keys = Keys.GenerateKeySet(0x30);
        var spec = Spec(OperationKind.Download, OperatorSd, app.Aid) with { CreateSecurityDomainFirst = true, NewKeySet = keys };
        var (finished, orders) = Run(card, spec, app, OperatorDomain);
        AssertSucceeded(finished);
        Assert.Equal(4, orders);
        Assert.Equal(LifeCycle.Personalized, Domain(card, OperatorSd).LifeCycle);
        Assert.Equal(OperatorSd, card.Image.Applications.Single(a => a.Aid == app.Aid).AssociatedSd);
        Assert.Equal((byte)0x30, finished.Facts.SecurityDomainKeyVersion);
        Assert.True(finished.Facts.SecurityDomainPersonalized);
    }

    [Fact]
    public void A_download_into_a_missing_third_party_sd_creates_it_with_its_initial_keys_and_the_providers_key_update_extradites_the_application()
    {
        using var card = NewPurseCard();
        var app = OtaSessionTests.App with { SecurityDomainAid = ThirdPartySd };
        var instance = app.Instances[0].InstanceAid;
        var download = Spec(OperationKind.Download, ThirdPartySd, app.Aid) with { CreateSecurityDomainFirst = true, ExtraditionDeferred = true };
        var (finished, _) = Run(card, download, app, ThirdPartyDomain);
        AssertSucceeded(finished);
        // Handed over with its initial keys: not PERSONALIZED, so the instance stays with the ISD (GP 2.2.1 §9.4.1).
        Assert.NotEqual(LifeCycle.Personalized, Domain(card, ThirdPartySd).LifeCycle);
        Assert.Equal(OtaSessionTests.Batch.IsdAid, card.Image.Applications.Single(a => a.Aid == instance).AssociatedSd, StringComparer.OrdinalIgnoreCase);
        Assert.False(finished.Facts.SecurityDomainPersonalized ?? false);

        // The provider's key update (its keys under its KEK) personalizes the SD and then extradites the instance to it.
        var key = Hex.Parse("303132333435363738393A3B3C3D3E3F");
        var provided = new ProviderKeySet(0x22, [.. Enumerable.Repeat(Hex.Format(new DesCipher(Kek).EncryptEcb(key)), 3)], [.. Enumerable.Repeat(Hex.Format(DesMac.KeyCheckValue(key)), 3)]);
        var update = Spec(OperationKind.UpdateSecurityDomainKeys, ThirdPartySd).WithProviderKeys(provided) with { Extraditions = [instance] };
        var (updated, _) = Run(card, update, sd: ThirdPartyDomain);
        AssertSucceeded(updated);
        Assert.Equal(LifeCycle.Personalized, Domain(card, ThirdPartySd).LifeCycle);
        Assert.Equal(Hex.Format(key), Assert.Single(Domain(card, ThirdPartySd).SecurityDomain!.KeySets).Enc);
        Assert.Equal(ThirdPartySd, card.Image.Applications.Single(a => a.Aid == instance).AssociatedSd);
    }

    [Fact]
    public void The_card_refuses_to_extradite_an_application_to_a_third_party_sd_still_holding_its_initial_keys()
    {
        using var card = NewPurseCard();
        var app = OtaSessionTests.App with { SecurityDomainAid = ThirdPartySd };
        // Without deferring the extradition, the download that creates the SD fails on INSTALL [for extradition] with 6985.
        var download = Spec(OperationKind.Download, ThirdPartySd, app.Aid) with { CreateSecurityDomainFirst = true };
        var (finished, _) = Run(card, download, app, ThirdPartyDomain);
        Assert.Equal(TaskState.Failed, finished.Outcome.State);
        Assert.Equal("6985", finished.Outcome.StatusWord);
    }

    [Fact]
    public void An_order_cut_off_before_its_stage_was_done_starts_again_with_that_stage_not_the_next()
    {
        using var card = NewPurseCard();
        var app = OtaSessionTests.App with { SecurityDomainAid = OperatorSd };
        var spec = Spec(OperationKind.Download, OperatorSd, app.Aid) with { CreateSecurityDomainFirst = true, NewKeySet = Keys.GenerateKeySet(0x30) };
        using var session = new OtaSession(spec, OtaSessionTests.Batch, app, OtaSessionTests.Cap, new KnownContent(false, new HashSet<string>()),
            Keys, new OtaOptions(), OperatorDomain);
        var order = session.Begin();
        var step = session.Advance([.. order.Commands.Select(c => ResponseApdu.Parse(card.Transmit(Hex.Parse(c))))]);
        // Order 2 ends the create stage and starts the SD's: the SE answers only EXTERNAL AUTHENTICATE and GET STATUS.
        order = Assert.IsType<OtaContinue>(step).Order;
        step = session.Advance([.. order.Commands.Take(2).Select(c => ResponseApdu.Parse(card.Transmit(Hex.Parse(c))))]);
        var orders = 2;
        while (step is OtaContinue next)
        {
            orders++;
            step = session.Advance([.. next.Order.Commands.Select(c => ResponseApdu.Parse(card.Transmit(Hex.Parse(c))))]);
        }
        var finished = Assert.IsType<OtaFinished>(step);
        AssertSucceeded(finished);
        Assert.True(orders > 4);
        Assert.Equal(LifeCycle.Personalized, Domain(card, OperatorSd).LifeCycle);
        Assert.Equal(OperatorSd, card.Image.Applications.Single(a => a.Aid == app.Aid).AssociatedSd);
    }

    private static string ProviderData(uint balance)
    {
        var keyUnderKek = new DesCipher(Kek).EncryptEcb(PurseKey);
        var balanceBytes = new byte[] { (byte)(balance >> 24), (byte)(balance >> 16), (byte)(balance >> 8), (byte)balance };
        byte[] dgis = [.. new Dgi(0x0101, keyUnderKek).ToArray(), .. new Dgi(0x0102, balanceBytes).ToArray()];
        return Hex.Format(new DesCipher(Tk).EncryptCbc(new byte[8], DesMac.Pad(dgis)));
    }

    private static uint Balance(SimulatedCard card, string aid)
    {
        Assert.Equal(StatusWords.Success, ResponseApdu.Parse(card.Transmit(new SelectCommand(Aid.Parse(aid)).ToApdu().ToArray())).StatusWord);
        var response = ResponseApdu.Parse(card.Transmit(Hex.Parse("805C000204")));
        Assert.Equal(StatusWords.Success, response.StatusWord);
        var b = response.Data.Span;
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    /// <summary>The purse key really is the provider's: a DEBIT MACed with it is accepted.</summary>
    private static void AssertPurseKey(SimulatedCard card)
    {
        var mac = EPurseApplet.DebitMac(PurseKey, 100, 0);
        var debit = ResponseApdu.Parse(card.Transmit([0x80, 0x54, 0x00, 0x00, 0x0C, 0x00, 0x00, 0x00, 0x64, .. mac]));
        Assert.Equal(StatusWords.Success, debit.StatusWord);
    }

    private static ApplicationDefinition Purse(string? sd = null) => OtaSessionTests.App with
    {
        SecurityDomainAid = sd ?? "",
        Personalization = PurseTemplate,
    };

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x03)]
    public void Mode_3_the_isd_forwards_store_data_to_the_purse_which_shows_the_balance(byte level)
    {
        using var card = NewPurseCard();
        var app = Purse();
        AssertSucceeded(Run(card, Spec(OperationKind.Download, null, app.Aid), app).Finished);
        var spec = Spec(OperationKind.Download, null, app.Aid) with { Operation = new PersonalizeOperation(app.Aid, new PersonalizationInput(3, ProviderData(12_345))) };
        var (finished, _) = Run(card, spec, app, level: level);
        AssertSucceeded(finished);
        Assert.Equal(12_345u, Balance(card, app.Aid));
        AssertPurseKey(card);
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x03)]
    public void Mode_2_the_purse_uses_its_operator_sds_secure_channel(byte level)
    {
        using var card = NewPurseCard();
        var keys = Keys.GenerateKeySet(0x30);
        var app = Purse(OperatorSd);
        var download = Spec(OperationKind.Download, OperatorSd, app.Aid) with { CreateSecurityDomainFirst = true, NewKeySet = keys };
        AssertSucceeded(Run(card, download, app, OperatorDomain).Finished);
        var spec = Spec(OperationKind.Download, null, app.Aid) with
        {
            Operation = new PersonalizeOperation(app.Aid, new PersonalizationInput(2, ProviderData(777))),
            SecurityDomainKeySets = [keys],
        };
        var (finished, orders) = Run(card, spec, app, OperatorDomain, level: level);
        AssertSucceeded(finished);
        Assert.Equal(2, orders);
        Assert.Equal(777u, Balance(card, app.Aid));
        AssertPurseKey(card);
    }

    [Fact]
    public void Mode_1_passes_the_providers_own_commands_through_and_returns_the_answers()
    {
        using var card = NewPurseCard();
        var initialKey = Hex.Parse("A1A2A3A4A5A6A7A8B1B2B3B4B5B6B7B8");
        var app = Purse() with { Instances = [OtaSessionTests.App.Instances[0] with { InstallParameters = Hex.Format(initialKey) }] };
        AssertSucceeded(Run(card, Spec(OperationKind.Download, null, app.Aid), app).Finished);
        byte[] balance = [0x00, 0x00, 0x03, 0xE8];
        var putBalance = Hex.Format([0x80, 0xDA, 0x01, 0x02, 12, .. balance, .. EPurseApplet.PutDataMac(initialKey, 0x01, 0x02, balance, 0)]);
        var keyUnderOwnKey = new DesCipher(initialKey).EncryptEcb(PurseKey);
        var putKey = Hex.Format([0x80, 0xDA, 0x01, 0x01, 24, .. keyUnderOwnKey, .. EPurseApplet.PutDataMac(initialKey, 0x01, 0x01, keyUnderOwnKey, 1)]);
        var spec = Spec(OperationKind.Download, null, app.Aid) with { Operation = new PersonalizeOperation(app.Aid, new PersonalizationInput(1, Commands: [putBalance, putKey])) };
        var (finished, orders) = Run(card, spec, app);
        AssertSucceeded(finished);
        Assert.Equal(1, orders);
        Assert.Equal(["9000", "9000"], finished.Outcome.Responses);
        Assert.Equal(1000u, Balance(card, app.Aid));
        // A replayed PUT DATA (counter moved on) is refused by the purse, and the platform reports its SW.
        var (replay, _) = Run(card, spec, app);
        Assert.Equal(TaskState.Failed, replay.Outcome.State);
        Assert.Equal("6982", replay.Outcome.StatusWord);
    }

    [Fact]
    public void An_isd_key_rotation_leaves_two_versions_live_across_the_batch_and_each_card_is_opened_with_its_own()
    {
        using var rotated = NewPurseCard();
        using var notYet = NewPurseCard();
        var (finished, _) = Run(rotated, Spec(OperationKind.UpdateSecurityDomainKeys, "A0000001510000"), batch: RotatingBatch);
        AssertSucceeded(finished);
        var isd = Domain(rotated, "A0000001510000").SecurityDomain!.KeySets.Single();
        Assert.Equal(0x20, isd.Version);
        Assert.Equal(Hex.Format(NewIsdKey), isd.Enc);
        // Both cards take a download: the engine uses the version each card reports (requirement 5.8.9.3).
        foreach (var card in new[] { rotated, notYet })
        {
            var (download, _) = Run(card, Spec(OperationKind.Download, null, OtaSessionTests.App.Aid), OtaSessionTests.App, batch: RotatingBatch);
            AssertSucceeded(download);
        }
        Assert.Equal(0x01, Domain(notYet, "A0000001510000").SecurityDomain!.KeySets.Single().Version);
    }

    [Fact]
    public void A_master_key_imported_from_a_key_file_under_a_transport_key_is_checked_by_its_kcv_and_derives_the_card_keys()
    {
        var transport = Hex.Parse("5555555555555555AAAAAAAAAAAAAAAA");
        var bootstrap = new SoftwareKeyService(Options.Create(new KeyServiceOptions { StorageKey = OtaSessionTests.StorageKey }));
        var service = new SoftwareKeyService(Options.Create(new KeyServiceOptions
        {
            StorageKey = OtaSessionTests.StorageKey,
            TransportKeys = new Dictionary<string, string> { ["maker"] = bootstrap.Protect(transport) },
        }));
        var master = Hex.Parse(CardFactory.GlobalPlatformTestKey);
        var underTk = new DesCipher(transport).EncryptEcb(master);
        var imported = service.ImportKey("maker", underTk, DesMac.KeyCheckValue(master));
        Assert.DoesNotContain(CardFactory.GlobalPlatformTestKey, imported, StringComparison.OrdinalIgnoreCase);
        // The imported, protected key works as a batch master key: a card of the batch opens with it.
        var withImported = new SoftwareKeyService(Options.Create(new KeyServiceOptions
        {
            StorageKey = OtaSessionTests.StorageKey,
            MasterKeys = new Dictionary<string, string> { ["gp-test"] = imported },
        }));
        using var keys = withImported.IsdKeys(OtaSessionTests.Batch, new byte[10], 0x01);
        Assert.Equal(CardFactory.GlobalPlatformTestKey, Hex.Format(keys.Enc));
        var wrongKcv = Assert.Throws<KeyServiceException>(() => service.ImportKey("maker", underTk, [0x00, 0x00, 0x00]));
        Assert.DoesNotContain(CardFactory.GlobalPlatformTestKey, wrongKcv.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<KeyServiceException>(() => service.ImportKey("nobody", underTk, DesMac.KeyCheckValue(master)));
    }

    [Fact]
    public void Data_that_does_not_decrypt_under_the_providers_tk_is_refused_by_the_key_service()
    {
        var data = Hex.Parse(ProviderData(1));
        data[^1] ^= 0x01; // the padding breaks
        var error = Assert.Throws<KeyServiceException>(() => Keys.DecryptUnderTransportKey(Provider, data));
        Assert.DoesNotContain(Hex.Format(Tk), error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<KeyServiceException>(() => Keys.DecryptUnderTransportKey("nobody", Hex.Parse(ProviderData(1))));
    }
}
