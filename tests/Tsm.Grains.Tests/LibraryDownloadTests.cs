using Tsm.Grains.Catalogue;
using Tsm.Grains.Ota;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Cap;
using Tsm.Simulator.Card;

namespace Tsm.Grains.Tests;

/// <summary>
/// Downloads honour the catalogue's structure (requirement 5.8.4.1): libraries an application imports and its other
/// load files go onto the card first, once; delete modes (requirement 5.4.6) decide whether the code stays.
/// </summary>
public sealed class LibraryDownloadTests
{
    private const string LibraryAid = "A0000003339901";

    private static readonly LoadFileDefinition Library = new() { Aid = LibraryAid, CapFile = "demo:2048" };

    private static readonly CapFile LibraryCap = CapFile.Parse(CapWriter.Synthetic(LibraryAid, [], 2048));

    private static ApplicationDefinition Importing(string aid, string loadFileAid) => new()
    {
        Aid = aid,
        LoadFileAid = loadFileAid,
        Instances = [new InstanceDefinition { ModuleAid = aid, InstanceAid = aid }],
        CapFile = "demo:4096",
        Extensions = [LibraryAid],
    };

    private static CapFile CapOf(ApplicationDefinition app) =>
        CapFile.Parse(CapWriter.Synthetic(app.LoadFileAid, [app.Instances[0].ModuleAid], 4096, CapWriter.WithLibraries([LibraryAid])));

    private static (OtaFinished Finished, List<string> Commands) Run(SimulatedCard card, ApplicationDefinition app, OperationKind kind, IReadOnlyList<PrerequisiteLoadFile> prerequisites, string? seId = null)
    {
        var spec = OtaSessionTests.Spec(kind, app.Aid);
        if (seId is not null)
            spec = spec with { Id = TaskId.New(seId) };
        using var session = new OtaSession(spec, OtaSessionTests.Batch, app, CapOf(app), new KnownContent(false, new HashSet<string>()),
            OtaSessionTests.KeyService, new OtaOptions(), prerequisites: prerequisites);
        var sent = new List<string>();
        var order = session.Begin();
        while (true)
        {
            var responses = order.Commands.Select(c =>
            {
                sent.Add(c);
                return ResponseApdu.Parse(card.Transmit(Hex.Parse(c)));
            }).ToList();
            switch (session.Advance(responses))
            {
                case OtaFinished finished:
                    return (finished, sent);
                case OtaContinue next:
                    order = next.Order;
                    break;
            }
        }
    }

    private static bool HasLoadFile(SimulatedCard card, string aid) => card.Image.LoadFiles.Any(f => f.Aid == aid);

    [Fact]
    public void Without_its_library_the_card_refuses_the_application_code()
    {
        // The simulated card links imports: this is what the catalogue's extensions prevent.
        using var card = OtaSessionTests.NewCard();
        var app = Importing("A000000333020101", "A0000003330201");
        var (finished, _) = Run(card, app, OperationKind.Download, []);
        Assert.Equal(TaskState.Failed, finished.Outcome.State);
        Assert.False(HasLoadFile(card, app.LoadFileAid));
    }

    [Fact]
    public void A_library_is_loaded_before_the_first_application_that_imports_it_and_never_again()
    {
        using var card = OtaSessionTests.NewCard();
        var first = Importing("A000000333020101", "A0000003330201");
        var prerequisites = new[] { new PrerequisiteLoadFile(Library, LibraryCap) };
        var one = Run(card, first, OperationKind.Download, prerequisites).Finished;
        Assert.True(one.Outcome.State == TaskState.Succeeded, one.Outcome.ToString());
        Assert.True(HasLoadFile(card, LibraryAid));
        Assert.True(HasLoadFile(card, first.LoadFileAid));
        Assert.Contains(card.Image.Applications, a => a.Aid == first.Aid);
        Assert.DoesNotContain(card.Image.Applications, a => a.Aid == LibraryAid);

        var second = Importing("A000000333030101", "A0000003330301");
        var before = card.Image.LoadFiles.Count(f => f.Aid == LibraryAid);
        var two = Run(card, second, OperationKind.Download, prerequisites).Finished;
        Assert.True(two.Outcome.State == TaskState.Succeeded, two.Outcome.ToString());
        Assert.Equal(before, card.Image.LoadFiles.Count(f => f.Aid == LibraryAid));
    }

    [Fact]
    public void A_library_that_does_not_fit_with_the_application_is_refused_before_any_load()
    {
        var small = CardFactory.CreateBatch(new SeBatchProfile { FirstSeId = "86000000000000000002", NonVolatileBytes = 20_000 }).Single();
        using var card = new SimulatedCard(small);
        card.PowerOn();
        var app = Importing("A000000333020101", "A0000003330201");
        var huge = new PrerequisiteLoadFile(Library, CapFile.Parse(CapWriter.Synthetic(LibraryAid, [], 30_000)));
        var (finished, sent) = Run(card, app, OperationKind.Download, [huge], "86000000000000000002");
        Assert.Equal(TaskState.Failed, finished.Outcome.State);
        Assert.Contains("does not fit", finished.Outcome.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(sent, c => c.Length > 20 && c[2..4] == "E8");
    }

    [Fact]
    public void Deleting_in_instance_only_mode_keeps_the_code_and_a_full_delete_keeps_the_library()
    {
        using var card = OtaSessionTests.NewCard();
        var app = Importing("A000000333020101", "A0000003330201");
        var prerequisites = new[] { new PrerequisiteLoadFile(Library, LibraryCap) };
        Assert.Equal(TaskState.Succeeded, Run(card, app, OperationKind.Download, prerequisites).Finished.Outcome.State);

        var instanceOnly = Run(card, app with { Deletion = DeleteMode.InstanceOnly }, OperationKind.Delete, []).Finished;
        Assert.Equal(TaskState.Succeeded, instanceOnly.Outcome.State);
        Assert.True(instanceOnly.Content.LoadFilePresent);
        Assert.DoesNotContain(card.Image.Applications, a => a.Aid == app.Aid);
        Assert.True(HasLoadFile(card, app.LoadFileAid));

        Assert.Equal(TaskState.Succeeded, Run(card, app, OperationKind.Download, prerequisites).Finished.Outcome.State);
        var full = Run(card, app, OperationKind.Delete, []).Finished;
        Assert.Equal(TaskState.Succeeded, full.Outcome.State);
        Assert.False(HasLoadFile(card, app.LoadFileAid));
        Assert.True(HasLoadFile(card, LibraryAid));
    }
}
