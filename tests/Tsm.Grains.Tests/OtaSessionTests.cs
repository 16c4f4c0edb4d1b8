using Microsoft.Extensions.Options;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Keys;
using Tsm.Grains.Ota;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Cap;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Simulator.Card;

namespace Tsm.Grains.Tests;

/// <summary>The OTA engine's plans run against a simulated SE, with APDUs relayed in memory as a wallet would.</summary>
public sealed class OtaSessionTests
{
    internal const string StorageKey = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";

    internal static readonly SoftwareKeyService KeyService = NewKeyService(CardFactory.GlobalPlatformTestKey);

    internal static readonly SeBatch Batch = new()
    {
        Id = "demo",
        SeIdFrom = "86000000000000000000",
        SeIdTo = "86FFFFFFFFFFFFFFFFFF",
        MasterKeyRef = "gp-test",
        Derivation = KeyDerivation.None,
    };

    internal static readonly ApplicationDefinition App = new()
    {
        Aid = "A000000333010101",
        Name = "Demo purse",
        LoadFileAid = "A0000003330101",
        Instances = [new InstanceDefinition { ModuleAid = "A000000333010101", InstanceAid = "A000000333010101" }],
        CapFile = "demo:8192",
    };

    internal static readonly CapFile Cap = CapFile.Parse(CapWriter.Synthetic(App.LoadFileAid, [App.Instances[0].ModuleAid], 8192));

    internal static SoftwareKeyService NewKeyService(string masterKey)
    {
        var bootstrap = new SoftwareKeyService(Options.Create(new KeyServiceOptions { StorageKey = StorageKey }));
        var protectedKey = bootstrap.Protect(Hex.Parse(masterKey));
        return new SoftwareKeyService(Options.Create(new KeyServiceOptions
        {
            StorageKey = StorageKey,
            MasterKeys = new Dictionary<string, string> { ["gp-test"] = protectedKey },
        }));
    }

    internal static SimulatedCard NewCard()
    {
        var card = new SimulatedCard(CardFactory.CreateDefault("86000000000000000001"));
        card.PowerOn();
        return card;
    }

    /// <summary>Relays every order to the card until the task ends; returns the outcome and how many orders it took.</summary>
    [Fact]
    public void A_load_file_needing_more_than_256_LOAD_blocks_fails_the_download_with_its_reason_before_any_command()
    {
        // P2 numbers LOAD blocks 00 to FF (GP 2.2.1 §11.6.2.2): the demo CAP in 16-byte blocks needs far more than 256.
        using var card = NewCard();
        var (finished, _) = Run(card, Spec(OperationKind.Download), options: new OtaOptions { LoadBlockSize = 16 });
        Assert.Equal(TaskState.Failed, finished.Outcome.State);
        Assert.Contains("LOAD numbers at most 256", finished.Outcome.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(card.Image.LoadFiles, f => f.Aid == App.LoadFileAid);
        Assert.Null(card.Image.PendingLoad);
    }

    internal static (OtaFinished Finished, int Orders) Run(SimulatedCard card, TaskSpec spec, KnownContent? known = null, OtaOptions? options = null, ApplicationDefinition? app = null,
        IKeyService? keys = null, SeBatch? batch = null)
    {
        using var session = new OtaSession(spec, batch ?? Batch, app ?? App, Cap, known ?? new KnownContent(false, new HashSet<string>()), keys ?? KeyService, options ?? new OtaOptions());
        var order = session.Begin();
        var orders = 1;
        while (true)
        {
            var responses = new List<ResponseApdu>();
            foreach (var command in order.Commands)
            {
                try
                {
                    responses.Add(ResponseApdu.Parse(card.Transmit(Hex.Parse(command))));
                }
                catch (CardTornException)
                {
                    card.PowerOn();
                    break;
                }
            }
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

    internal static TaskSpec Spec(OperationKind kind, string? aid = null) => TestTasks.Of(kind, kind == OperationKind.Sync ? null : aid ?? App.Aid);

    private static bool OnCard(SimulatedCard card, string aid) => card.Image.Applications.Any(a => a.Aid == aid);

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x02)]
    [InlineData(0x03)]
    public void Download_takes_two_orders_and_leaves_the_application_selectable(byte level)
    {
        using var card = NewCard();
        var (finished, orders) = Run(card, Spec(OperationKind.Download) with { SecurityLevel = level });
        Assert.True(finished.Outcome.State == TaskState.Succeeded, finished.Outcome.ToString());
        Assert.Equal(2, orders);
        var instance = card.Image.Applications.Single(a => a.Aid == App.Aid);
        Assert.Equal(LifeCycle.Selectable, instance.LifeCycle);
        Assert.Contains(card.Image.LoadFiles, f => f.Aid == App.LoadFileAid && f.CodeSize == Cap.LoadFileDataBlock.Size);
        Assert.True(finished.Content.LoadFilePresent);
        Assert.Equal((byte)LifeCycle.Selectable, finished.Facts.Instances![App.Aid]);
        Assert.NotNull(finished.Facts.FreeNonVolatile);
    }

    [Fact]
    public void Lock_unlock_delete_follow_a_download()
    {
        using var card = NewCard();
        Assert.Equal(TaskState.Succeeded, Run(card, Spec(OperationKind.Download)).Finished.Outcome.State);
        Assert.Equal(TaskState.Succeeded, Run(card, Spec(OperationKind.Lock)).Finished.Outcome.State);
        Assert.True(LifeCycle.IsLocked(card.Image.Applications.Single(a => a.Aid == App.Aid).LifeCycle));
        var relock = Run(card, Spec(OperationKind.Lock)).Finished.Outcome;
        Assert.Equal(TaskState.Failed, relock.State);
        Assert.Equal("6A80", relock.StatusWord);
        Assert.Equal(TaskState.Succeeded, Run(card, Spec(OperationKind.Unlock)).Finished.Outcome.State);
        Assert.False(LifeCycle.IsLocked(card.Image.Applications.Single(a => a.Aid == App.Aid).LifeCycle));
        Assert.Equal(TaskState.Succeeded, Run(card, Spec(OperationKind.Delete)).Finished.Outcome.State);
        Assert.False(OnCard(card, App.Aid));
        Assert.DoesNotContain(card.Image.LoadFiles, f => f.Aid == App.LoadFileAid);
        // Deleting what is gone already is not an error.
        Assert.Equal(TaskState.Succeeded, Run(card, Spec(OperationKind.Delete)).Finished.Outcome.State);
    }

    [Fact]
    public void Delete_keeps_a_load_file_that_another_application_still_instantiates()
    {
        // Requirement 5.8.4.2: the instance only when its load file has other instances, else the load file with it.
        var second = App with
        {
            Aid = "A000000333010102",
            Instances = [new InstanceDefinition { ModuleAid = App.Instances[0].ModuleAid, InstanceAid = "A000000333010102" }],
        };
        using var card = NewCard();
        Assert.Equal(TaskState.Succeeded, Run(card, Spec(OperationKind.Download)).Finished.Outcome.State);
        var secondDownload = Run(card, Spec(OperationKind.Download, second.Aid), app: second).Finished;
        Assert.True(secondDownload.Outcome.State == TaskState.Succeeded, secondDownload.Outcome.ToString());
        Assert.Single(card.Image.LoadFiles, f => f.Aid == App.LoadFileAid);

        var first = Run(card, Spec(OperationKind.Delete)).Finished;
        Assert.Equal(TaskState.Succeeded, first.Outcome.State);
        Assert.True(first.Content.LoadFilePresent);
        Assert.False(OnCard(card, App.Aid));
        Assert.True(OnCard(card, second.Aid));
        Assert.Contains(card.Image.LoadFiles, f => f.Aid == App.LoadFileAid);

        var last = Run(card, Spec(OperationKind.Delete, second.Aid), app: second).Finished;
        Assert.Equal(TaskState.Succeeded, last.Outcome.State);
        Assert.False(last.Content.LoadFilePresent);
        Assert.False(OnCard(card, second.Aid));
        Assert.DoesNotContain(card.Image.LoadFiles, f => f.Aid == App.LoadFileAid);
    }

    [Fact]
    public void A_download_over_the_residue_of_a_torn_load_deletes_it_and_loads_again()
    {
        using var card = NewCard();
        // Power is lost during the LOAD of the first attempt (order 2: EA, GET STATUS, INSTALL, LOAD…).
        card.Faults.TearAtApdu = 3 + 4 + 5;
        var first = Run(card, Spec(OperationKind.Download), options: new OtaOptions { MaxSessionRestarts = 0 });
        Assert.Equal(TaskState.Failed, first.Finished.Outcome.State);
        Assert.NotNull(card.Image.PendingLoad);
        card.Faults.Clear();

        var (finished, orders) = Run(card, Spec(OperationKind.Download));
        Assert.True(finished.Outcome.State == TaskState.Succeeded, finished.Outcome.ToString());
        Assert.Equal(3, orders);
        Assert.Null(card.Image.PendingLoad);
        Assert.Single(card.Image.LoadFiles, f => f.Aid == App.LoadFileAid);
        Assert.True(OnCard(card, App.Aid));
    }

    [Fact]
    public void A_torn_session_is_resumed_in_a_new_session_without_a_second_load_file()
    {
        using var card = NewCard();
        // Tear after the last LOAD block was processed, before INSTALL [for install]: the load file is complete.
        var loads = LoadFileBuilder.BuildCommands(Cap.LoadFileDataBlock.Bytes.Span, maxBlockSize: 200).Count;
        card.Faults.TearAtApdu = 3 + 3 + loads;
        card.Faults.TearPoint = TearPoint.AfterProcessing;
        var (finished, _) = Run(card, Spec(OperationKind.Download));
        Assert.True(finished.Outcome.State == TaskState.Succeeded, finished.Outcome.ToString());
        Assert.Single(card.Image.LoadFiles, f => f.Aid == App.LoadFileAid);
        Assert.True(OnCard(card, App.Aid));
    }

    [Fact]
    public void A_resumed_download_reads_the_registry_first_and_sends_no_load_block_again()
    {
        using var card = NewCard();
        var loads = LoadFileBuilder.BuildCommands(Cap.LoadFileDataBlock.Bytes.Span, maxBlockSize: 200).Count;
        card.Faults.TearAtApdu = 3 + 3 + loads; // after the last LOAD block was processed: the load file is complete
        card.Faults.TearPoint = TearPoint.AfterProcessing;
        using var session = new OtaSession(Spec(OperationKind.Download), Batch, App, Cap, new KnownContent(false, new HashSet<string>()), KeyService, new OtaOptions());
        var order = session.Begin();
        var (loadsBeforeTear, loadsAfterTear, torn) = (0, 0, false);
        while (true)
        {
            var responses = new List<ResponseApdu>();
            foreach (var command in order.Commands)
            {
                if (CommandApdu.Parse(Hex.Parse(command)).Ins == LoadCommand.Ins)
                {
                    if (torn)
                        loadsAfterTear++;
                    else
                        loadsBeforeTear++;
                }
                try
                {
                    responses.Add(ResponseApdu.Parse(card.Transmit(Hex.Parse(command))));
                }
                catch (CardTornException)
                {
                    card.PowerOn();
                    torn = true;
                    break;
                }
            }
            var step = session.Advance(responses);
            if (step is OtaFinished finished)
            {
                Assert.True(finished.Outcome.State == TaskState.Succeeded, finished.Outcome.ToString());
                break;
            }
            order = ((OtaContinue)step).Order;
        }
        Assert.True(torn);
        Assert.Equal(loads, loadsBeforeTear);
        Assert.Equal(0, loadsAfterTear);
        Assert.Single(card.Image.LoadFiles, f => f.Aid == App.LoadFileAid);
        Assert.True(OnCard(card, App.Aid));
    }

    [Fact]
    public void Resuming_from_loaded_skips_the_load()
    {
        using var card = NewCard();
        Assert.Equal(TaskState.Succeeded, Run(card, Spec(OperationKind.Download)).Finished.Outcome.State);
        Assert.Equal(TaskState.Succeeded, Run(card, Spec(OperationKind.Delete)).Finished.Outcome.State);
        // Put the load file back alone, as an interrupted download leaves it.
        using (var session = HostSessionFor(card))
        {
            session.Send(InstallCommand.ForLoad(Aid.Parse(App.LoadFileAid), null, default, default).ToApdu());
            foreach (var load in LoadFileBuilder.BuildCommands(Cap.LoadFileDataBlock.Bytes.Span))
                session.Send(load.ToApdu());
        }
        var (finished, orders) = Run(card, Spec(OperationKind.Download), known: new KnownContent(true, new HashSet<string>()));
        Assert.True(finished.Outcome.State == TaskState.Succeeded, finished.Outcome.ToString());
        Assert.Equal(2, orders);
        Assert.True(OnCard(card, App.Aid));
    }

    [Fact]
    public void Sync_reads_the_registry_and_free_memory()
    {
        using var card = NewCard();
        Run(card, Spec(OperationKind.Download));
        var (finished, _) = Run(card, Spec(OperationKind.Sync), app: null);
        Assert.True(finished.Outcome.State == TaskState.Succeeded, finished.Outcome.ToString());
        Assert.Contains(App.LoadFileAid, finished.Facts.LoadFiles!.Keys);
        Assert.Contains(App.Aid, finished.Facts.Instances!.Keys);
        Assert.Contains(SimulatedCard.MifareCardManagerAid, finished.Facts.Instances!.Keys);
        Assert.NotNull(finished.Facts.Cplc);
        Assert.Equal([(byte)0x01], finished.Facts.KeyVersions);
        Assert.Equal(card.Image.Applications[0].SecurityDomain!.KeySets[0].SequenceCounter, finished.Facts.SequenceCounter);
    }

    [Fact]
    public void Registration_stores_msisdn_token_and_imsi_digest_in_the_isd()
    {
        using var card = NewCard();
        var spec = TestTasks.For(new RegisterOperation("3108103100F8", "00112233445566778899AABBCCDDEEFF", "0102030405060708"));
        var (finished, orders) = Run(card, spec, app: null);
        Assert.True(finished.Outcome.State == TaskState.Succeeded, finished.Outcome.ToString());
        Assert.Equal(2, orders);
        var stored = card.Image.Applications[0].SecurityDomain!.StoredData;
        Assert.Equal("3108103100F8", stored["2F14"]);
        Assert.Equal("011000112233445566778899AABBCCDDEEFF02080102030405060708", stored["1047"]);
    }

    [Fact]
    public void Wrong_keys_fail_on_the_card_cryptogram_and_never_reach_the_card()
    {
        using var card = NewCard();
        var wrong = NewKeyService("0123456789ABCDEFFEDCBA9876543210");
        using var session = new OtaSession(Spec(OperationKind.Download), Batch, App, Cap, new KnownContent(false, new HashSet<string>()), wrong, new OtaOptions());
        var order = session.Begin();
        var responses = order.Commands.Select(c => ResponseApdu.Parse(card.Transmit(Hex.Parse(c)))).ToList();
        var finished = Assert.IsType<OtaFinished>(session.Advance(responses));
        Assert.Equal(TaskState.Failed, finished.Outcome.State);
        Assert.Contains("card cryptogram does not verify", finished.Outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(0, card.Image.Applications[0].SecurityDomain!.FailedAuthentications);
    }

    [Fact]
    public void A_card_error_ends_the_task_with_its_status_word()
    {
        using var card = NewCard();
        var (finished, _) = Run(card, Spec(OperationKind.Lock));
        Assert.Equal(TaskState.Failed, finished.Outcome.State);
        Assert.Equal("6A88", finished.Outcome.StatusWord);
        Assert.Contains("SET STATUS", finished.Outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_application_that_does_not_fit_is_refused_before_any_load_with_the_figures()
    {
        var small = CardFactory.CreateBatch(new SeBatchProfile { FirstSeId = "86000000000000000002", NonVolatileBytes = 4096 }).Single();
        using var card = new SimulatedCard(small);
        card.PowerOn();
        var (finished, orders) = Run(card, Spec(OperationKind.Download) with { Id = TaskId.New("86000000000000000002") });
        Assert.Equal(TaskState.Failed, finished.Outcome.State);
        Assert.Null(finished.Outcome.StatusWord);
        Assert.Contains("does not fit", finished.Outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("4096", finished.Outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(1, orders); // the handshake only: no LOAD was sent
        Assert.DoesNotContain(card.Image.LoadFiles, f => f.Aid == App.LoadFileAid);
    }

    [Fact]
    public void Free_space_is_read_again_after_a_download_and_after_a_delete()
    {
        using var card = NewCard();
        var before = Run(card, Spec(OperationKind.Sync)).Finished.Facts.FreeNonVolatile;
        var downloaded = Run(card, Spec(OperationKind.Download)).Finished.Facts.FreeNonVolatile;
        var deleted = Run(card, Spec(OperationKind.Delete)).Finished.Facts.FreeNonVolatile;
        Assert.True(downloaded < before, $"{downloaded} < {before}");
        Assert.Equal(before, deleted);
    }

    [Fact]
    public void Transcripts_can_tell_which_commands_carry_secrets()
    {
        var spec = TestTasks.For(new RegisterOperation("3108103100F8", "00112233445566778899AABBCCDDEEFF", "0102030405060708"));
        using var session = new OtaSession(spec, Batch, null, null, new KnownContent(false, new HashSet<string>()), KeyService, new OtaOptions());
        using var card = NewCard();
        var first = session.Begin();
        Assert.Null(first.Sensitive);
        var responses = first.Commands.Select(c => ResponseApdu.Parse(card.Transmit(Hex.Parse(c)))).ToList();
        var work = Assert.IsType<OtaContinue>(session.Advance(responses)).Order;
        Assert.Equal([1], work.Sensitive); // EXTERNAL AUTHENTICATE, then the STORE DATA with the token
    }

    /// <summary>A plain ISD session for test set-up, outside the engine.</summary>
    private static Session HostSessionFor(SimulatedCard card) => new(card);

    private sealed class Session : IDisposable
    {
        private readonly Tsm.Protocol.Scp02.Scp02KeySet _keys = Tsm.Protocol.Scp02.Scp02KeySet.FromSingleKey(0, Hex.Parse(CardFactory.GlobalPlatformTestKey));
        private readonly Tsm.Protocol.Scp02.Scp02HostChannel _host;
        private readonly SimulatedCard _card;

        public Session(SimulatedCard card)
        {
            _card = card;
            _host = new Tsm.Protocol.Scp02.Scp02HostChannel(_keys, Tsm.Protocol.Scp02.SecurityLevel.CMac);
            card.Transmit(new SelectCommand(null).ToApdu());
            var init = card.Transmit(_host.InitializeUpdate());
            Assert.Equal(StatusWords.Success, card.Transmit(_host.ExternalAuthenticate(Tsm.Protocol.Scp02.InitializeUpdateResponse.Parse(init.Data.Span))).StatusWord);
        }

        public void Send(CommandApdu apdu) => Assert.Equal(StatusWords.Success, _card.Transmit(_host.Wrap(apdu)).StatusWord);

        public void Dispose()
        {
            _host.Dispose();
            _keys.Dispose();
        }
    }
}
