using Tsm.Grains.Catalogue;
using Tsm.Grains.Domain;
using Tsm.Grains.Ota;

namespace Tsm.Grains.Tests.Domain;

/// <summary>The applications of one SE, one record per AID (docs/requirements.md 5.5.2, 5.8.4.5, 5.8.7.2).</summary>
public sealed class SeApplicationsTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, ApplicationOnSe> _stored = new(StringComparer.OrdinalIgnoreCase);

    private SeApplications Applications => new(_stored);

    [Fact]
    public void An_application_never_recorded_is_absent_and_ready()
    {
        Assert.Same(ApplicationOnSe.Absent, Applications["a0000003330101"]);
        Assert.False(Applications.Update("A0000003330101", ApplicationOnSe.Absent));
        Assert.Empty(_stored);
    }

    [Fact]
    public void Aids_are_matched_whatever_their_case()
    {
        Applications["A0000003330101"] = new ApplicationOnSe { State = ApplicationState.Useable };
        Assert.Equal(ApplicationState.Useable, Applications["a0000003330101"].State);
    }

    [Fact]
    public void A_lost_SE_locks_its_useable_applications_without_a_lock_queued()
    {
        _stored["A1"] = new ApplicationOnSe { State = ApplicationState.Useable };
        _stored["A2"] = new ApplicationOnSe { State = ApplicationState.Useable, LockPending = true };
        _stored["A3"] = new ApplicationOnSe { State = ApplicationState.Locked };
        _stored["A4"] = new ApplicationOnSe { State = ApplicationState.Instantiated };
        Assert.Equal(["A1"], Applications.ToLock());
    }

    [Fact]
    public void A_retired_numbers_applications_on_the_SE_are_blocked_and_not_the_ones_it_no_longer_holds()
    {
        _stored["A1"] = new ApplicationOnSe { State = ApplicationState.Useable };
        _stored["A2"] = new ApplicationOnSe { State = ApplicationState.Loaded, LoadFilePresent = true };
        _stored["A3"] = new ApplicationOnSe { State = ApplicationState.Ready };
        Applications.BlockPreviousNumbersApplications();
        Assert.Equal([true, true, false], new[] { "A1", "A2", "A3" }.Select(aid => _stored[aid].Blocked));
        Assert.Equal(RefusalCode.ApplicationBlocked, _stored["A2"].Check(OperationKind.Download, TaskChannel.Wallet)?.Code);
    }

    [Fact]
    public void Activations_expire_only_past_the_timeout()
    {
        var timeout = TimeSpan.FromDays(7);
        _stored["OLD"] = new ApplicationOnSe { State = ApplicationState.Personalized, PersonalizedAt = Now - timeout - TimeSpan.FromMinutes(1) };
        _stored["NEW"] = new ApplicationOnSe { State = ApplicationState.Personalized, PersonalizedAt = Now - TimeSpan.FromDays(1) };
        Assert.True(Applications.ExpireActivations(Now, timeout));
        Assert.Equal(ApplicationState.Instantiated, _stored["OLD"].State);
        Assert.Equal(ApplicationState.Personalized, _stored["NEW"].State);
        Assert.False(Applications.ExpireActivations(Now, timeout));
    }

    [Fact]
    public void A_sync_records_every_catalogue_application_from_the_cards_content()
    {
        ApplicationDefinition[] catalogue = [App("A1", "F1"), App("A2", "F2"), App("A3", "F3")];
        _stored["A3"] = new ApplicationOnSe { State = ApplicationState.Useable, LoadFilePresent = true };
        var facts = new CardFacts
        {
            Instances = new Dictionary<string, byte> { ["A1"] = 0x07, ["A2"] = 0x87 },
            LoadFiles = new Dictionary<string, IReadOnlyList<string>> { ["F1"] = ["M1"], ["F2"] = ["M2"] },
        };
        var before = Applications.States();
        Applications.Sync(catalogue, facts, Now);
        Assert.Equal(ApplicationState.Useable, _stored["A1"].State);
        Assert.Equal(ApplicationState.Locked, _stored["A2"].State);
        Assert.Equal(new ApplicationOnSe(), _stored["A3"]);
        Assert.Equal("differences: A3: Useable -> Ready; A1: Ready -> Useable; A2: Ready -> Locked",
            SeApplications.Differences(before, Applications.States()));
        Assert.Equal("no differences", SeApplications.Differences(Applications.States(), Applications.States()));
    }

    [Fact]
    public void A_sync_that_read_no_instances_changes_nothing()
    {
        Applications.Sync([App("A1", "F1")], new CardFacts(), Now);
        Assert.Empty(_stored);
    }

    private static ApplicationDefinition App(string aid, string loadFile) => new()
    {
        Aid = aid,
        LoadFileAid = loadFile,
        Instances = [new InstanceDefinition { ModuleAid = "M" + aid[1..], InstanceAid = aid }],
        CapFile = "demo:1024",
    };
}
