using Tsm.Grains.Domain;
using Tsm.Grains.Ota;

namespace Tsm.Grains.Tests.Domain;

/// <summary>One application on one SE (docs/requirements.md 5.8.7.2, 5.5.2) as an immutable record: no silo, no HTTP.</summary>
public sealed class ApplicationOnSeTests
{
    private static readonly ApplicationTraits Plain = new(NeedsPersonalization: false, NeedsActivation: false);
    private static readonly ApplicationTraits NeedsActivation = new(NeedsPersonalization: false, NeedsActivation: true);
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_download_makes_it_useable_with_its_load_file_on_the_card()
    {
        var after = ApplicationOnSe.Absent.After(OperationKind.Download, TaskEnd.Succeeded, Plain, Now);
        Assert.Equal(new ApplicationOnSe { State = ApplicationState.Useable, LoadFilePresent = true }, after);
    }

    [Fact]
    public void A_failure_that_changes_nothing_leaves_the_record_as_it_was()
    {
        var useable = new ApplicationOnSe { State = ApplicationState.Useable, LoadFilePresent = true };
        Assert.Same(useable, useable.After(OperationKind.Delete, TaskEnd.Failed, Plain, Now));
        Assert.Same(ApplicationOnSe.Absent, ApplicationOnSe.Absent.After(OperationKind.Download, TaskEnd.Failed, Plain, Now));
    }

    [Fact]
    public void A_failed_download_that_left_its_load_file_is_loaded_but_the_load_file_is_not_recorded_as_put()
    {
        var after = ApplicationOnSe.Absent.After(OperationKind.Download, TaskEnd.FailedWithLoadFile, Plain, Now);
        Assert.Equal(ApplicationState.Loaded, after.State);
        Assert.False(after.LoadFilePresent);
    }

    [Fact]
    public void Personalized_records_when_it_became_so_and_the_activation_clears_it()
    {
        var personalized = ApplicationOnSe.Absent.After(OperationKind.Download, TaskEnd.Succeeded, NeedsActivation, Now);
        Assert.Equal((ApplicationState.Personalized, Now), (personalized.State, personalized.PersonalizedAt));
        // A second personalization keeps the time the activation timeout runs from.
        Assert.Equal(Now, personalized.After(OperationKind.Personalize, TaskEnd.Succeeded, NeedsActivation, Now.AddDays(1)).PersonalizedAt);
        var activated = personalized.Activated(Now.AddHours(1));
        Assert.Equal((ApplicationState.Useable, (DateTimeOffset?)null), (activated.State, activated.PersonalizedAt));
    }

    [Fact]
    public void Personalized_too_long_without_the_activation_notice_goes_back_to_instantiated()
    {
        var personalized = new ApplicationOnSe { State = ApplicationState.Personalized, PersonalizedAt = Now };
        var timeout = TimeSpan.FromDays(7);
        Assert.Same(personalized, personalized.Expired(Now + timeout, timeout));
        var expired = personalized.Expired(Now + timeout + TimeSpan.FromSeconds(1), timeout);
        Assert.Equal(new ApplicationOnSe { State = ApplicationState.Instantiated }, expired);
    }

    [Theory]
    [InlineData(TaskEnd.Succeeded, ApplicationState.Ready, false)]
    [InlineData(TaskEnd.SucceededKeepingLoadFile, ApplicationState.Loaded, true)]
    public void A_delete_removes_the_load_file_unless_kept_and_lifts_the_block(TaskEnd end, ApplicationState state, bool loadFile)
    {
        var blocked = new ApplicationOnSe { State = ApplicationState.Useable, LoadFilePresent = true, Blocked = true };
        Assert.Equal(new ApplicationOnSe { State = state, LoadFilePresent = loadFile }, blocked.After(OperationKind.Delete, end, Plain, Now));
    }

    [Theory]
    [InlineData(TaskEnd.Succeeded, ApplicationState.Locked)]
    [InlineData(TaskEnd.Failed, ApplicationState.Useable)]
    public void Any_end_of_a_lock_task_clears_its_pending_lock(TaskEnd end, ApplicationState state)
    {
        var pending = new ApplicationOnSe { State = ApplicationState.Useable, LockPending = true };
        Assert.Equal(pending with { State = state, LockPending = false }, pending.After(OperationKind.Lock, end, Plain, Now));
    }

    [Fact]
    public void A_blocked_application_is_refused_for_download_and_not_offered()
    {
        var blocked = new ApplicationOnSe { Blocked = true };
        Assert.Equal(RefusalCode.ApplicationBlocked, blocked.Check(OperationKind.Download, TaskChannel.Wallet)?.Code);
        Assert.Equal(ApplicationActions.None, blocked.Actions);
        Assert.Equal(ApplicationActions.Download, ApplicationOnSe.Absent.Actions);
        // The life cycle's own refusals still apply.
        Assert.Equal(RefusalCode.NotOnSe, ApplicationOnSe.Absent.Check(OperationKind.Delete, TaskChannel.Wallet)?.Code);
    }

    [Theory]
    [InlineData(true, true, true, ApplicationState.Locked)]
    [InlineData(true, false, true, ApplicationState.Useable)]
    [InlineData(false, false, true, ApplicationState.Loaded)]
    [InlineData(false, false, false, ApplicationState.Ready)]
    public void A_sync_records_what_the_card_holds(bool instances, bool locked, bool loadFile, ApplicationState state)
    {
        var synced = new ApplicationOnSe { State = ApplicationState.Instantiated }.Synced(instances, locked, loadFile, Now);
        Assert.Equal(new ApplicationOnSe { State = state, LoadFilePresent = loadFile }, synced);
    }

    [Fact]
    public void A_sync_keeps_a_personalized_application_on_the_card_personalized()
    {
        var personalized = new ApplicationOnSe { State = ApplicationState.Personalized, PersonalizedAt = Now, LoadFilePresent = true };
        Assert.Equal(personalized, personalized.Synced(instancesOnCard: true, locked: false, loadFileOnCard: true, Now.AddDays(1)));
    }
}
