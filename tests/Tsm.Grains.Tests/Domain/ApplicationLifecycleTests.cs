using Tsm.Grains.Domain;
using Tsm.Grains.Ota;

namespace Tsm.Grains.Tests.Domain;

/// <summary>The application life cycle of docs/requirements.md 5.8.7.2 as a pure function: no silo, no HTTP.</summary>
public sealed class ApplicationLifecycleTests
{
    private static readonly ApplicationTraits Plain = new(NeedsPersonalization: false, NeedsActivation: false);
    private static readonly ApplicationTraits NeedsPersonalization = new(NeedsPersonalization: true, NeedsActivation: false);
    private static readonly ApplicationTraits NeedsActivation = new(NeedsPersonalization: false, NeedsActivation: true);
    private static readonly ApplicationTraits NeedsBoth = new(NeedsPersonalization: true, NeedsActivation: true);

    [Fact]
    public void A_download_of_an_application_that_needs_nothing_makes_it_useable() =>
        Assert.Equal(ApplicationState.Useable, ApplicationLifecycle.After(OperationKind.Download, ApplicationState.Ready, TaskEnd.Succeeded, Plain));

    [Fact]
    public void An_application_that_needs_personalization_waits_instantiated_then_personalization_makes_it_useable()
    {
        var downloaded = ApplicationLifecycle.After(OperationKind.Download, ApplicationState.Ready, TaskEnd.Succeeded, NeedsPersonalization);
        Assert.Equal(ApplicationState.Instantiated, downloaded);
        Assert.Equal(ApplicationState.Useable, ApplicationLifecycle.After(OperationKind.Personalize, downloaded, TaskEnd.Succeeded, NeedsPersonalization));
    }

    [Fact]
    public void Instantiated_then_personalized_then_useable_on_the_activation_notice()
    {
        var downloaded = ApplicationLifecycle.After(OperationKind.Download, ApplicationState.Ready, TaskEnd.Succeeded, NeedsBoth);
        var personalized = ApplicationLifecycle.After(OperationKind.Personalize, downloaded, TaskEnd.Succeeded, NeedsBoth);
        Assert.Equal([ApplicationState.Instantiated, ApplicationState.Personalized], [downloaded, personalized]);
        Assert.Equal(ApplicationState.Useable, ApplicationLifecycle.Activated(personalized));
    }

    [Fact]
    public void A_download_of_an_application_that_needs_activation_only_waits_personalized() =>
        Assert.Equal(ApplicationState.Personalized, ApplicationLifecycle.After(OperationKind.Download, ApplicationState.Ready, TaskEnd.Succeeded, NeedsActivation));

    [Fact]
    public void A_personalization_update_keeps_a_useable_application_useable() =>
        Assert.Equal(ApplicationState.Useable, ApplicationLifecycle.After(OperationKind.Personalize, ApplicationState.Useable, TaskEnd.Succeeded, NeedsBoth));

    [Theory]
    [InlineData(TaskEnd.Succeeded, ApplicationState.Ready)]
    [InlineData(TaskEnd.SucceededKeepingLoadFile, ApplicationState.Loaded)]
    [InlineData(TaskEnd.Failed, ApplicationState.Locked)]
    public void A_delete_leaves_ready_or_loaded_when_the_load_file_stays(TaskEnd end, ApplicationState expected) =>
        Assert.Equal(expected, ApplicationLifecycle.After(OperationKind.Delete, ApplicationState.Locked, end, Plain));

    [Fact]
    public void A_failed_download_that_left_its_load_file_is_loaded_so_the_next_one_resumes()
    {
        Assert.Equal(ApplicationState.Loaded, ApplicationLifecycle.After(OperationKind.Download, ApplicationState.Ready, TaskEnd.FailedWithLoadFile, Plain));
        Assert.Equal(ApplicationState.Ready, ApplicationLifecycle.After(OperationKind.Download, ApplicationState.Ready, TaskEnd.Failed, Plain));
    }

    [Fact]
    public void Lock_and_unlock_move_between_useable_and_locked()
    {
        Assert.Equal(ApplicationState.Locked, ApplicationLifecycle.After(OperationKind.Lock, ApplicationState.Useable, TaskEnd.Succeeded, Plain));
        Assert.Equal(ApplicationState.Useable, ApplicationLifecycle.After(OperationKind.Unlock, ApplicationState.Locked, TaskEnd.Succeeded, Plain));
    }

    [Theory]
    [InlineData(OperationKind.Download, ApplicationState.Useable, TaskChannel.Wallet, RefusalCode.AlreadyDownloaded)]
    [InlineData(OperationKind.Delete, ApplicationState.Ready, TaskChannel.Wallet, RefusalCode.NotOnSe)]
    [InlineData(OperationKind.Lock, ApplicationState.Personalized, TaskChannel.Wallet, RefusalCode.CannotLock)]
    [InlineData(OperationKind.Unlock, ApplicationState.Useable, TaskChannel.BusinessHall, RefusalCode.CannotUnlock)]
    [InlineData(OperationKind.Unlock, ApplicationState.Locked, TaskChannel.Wallet, RefusalCode.BusinessHallOnly)]
    [InlineData(OperationKind.Unlock, ApplicationState.Locked, TaskChannel.Push, RefusalCode.BusinessHallOnly)]
    [InlineData(OperationKind.Personalize, ApplicationState.Locked, TaskChannel.Provider, RefusalCode.CannotPersonalize)]
    [InlineData(OperationKind.ApplicationCommands, ApplicationState.Loaded, TaskChannel.Provider, RefusalCode.ApplicationNotUsable)]
    public void Operations_a_state_does_not_allow_are_refused_with_their_reason(OperationKind kind, ApplicationState state, TaskChannel channel, RefusalCode code) =>
        Assert.Equal(code, ApplicationLifecycle.Check(kind, state, channel)?.Code);

    [Theory]
    [InlineData(OperationKind.Download, ApplicationState.Instantiated, TaskChannel.Wallet)]
    [InlineData(OperationKind.Unlock, ApplicationState.Locked, TaskChannel.BusinessHall)]
    [InlineData(OperationKind.Unlock, ApplicationState.Locked, TaskChannel.Provider)]
    [InlineData(OperationKind.Personalize, ApplicationState.Instantiated, TaskChannel.Provider)]
    [InlineData(OperationKind.Sync, ApplicationState.Ready, TaskChannel.Wallet)]
    public void Operations_a_state_allows_pass(OperationKind kind, ApplicationState state, TaskChannel channel) =>
        Assert.Null(ApplicationLifecycle.Check(kind, state, channel));

    [Fact]
    public void Only_a_personalized_application_is_activated()
    {
        Assert.Equal(RefusalCode.CannotActivate, ApplicationLifecycle.CheckActivation(ApplicationState.Instantiated)?.Code);
        Assert.Equal(ApplicationState.Instantiated, ApplicationLifecycle.Activated(ApplicationState.Instantiated));
    }

    [Fact]
    public void A_personalized_application_not_activated_in_time_goes_back_to_instantiated()
    {
        var since = DateTimeOffset.UnixEpoch;
        var timeout = TimeSpan.FromDays(7);
        Assert.Equal(ApplicationState.Personalized, ApplicationLifecycle.Expired(ApplicationState.Personalized, since, since + timeout, timeout));
        Assert.Equal(ApplicationState.Instantiated, ApplicationLifecycle.Expired(ApplicationState.Personalized, since, since + timeout + TimeSpan.FromSeconds(1), timeout));
        Assert.Equal(ApplicationState.Useable, ApplicationLifecycle.Expired(ApplicationState.Useable, since, since + timeout * 2, timeout));
    }

    [Fact]
    public void The_wallets_lists_follow_the_state()
    {
        Assert.Equal(ApplicationActions.Download, ApplicationLifecycle.Actions(ApplicationState.Ready, blocked: false));
        Assert.Equal(ApplicationActions.None, ApplicationLifecycle.Actions(ApplicationState.Loaded, blocked: true));
        Assert.Equal(ApplicationActions.Delete | ApplicationActions.Lock, ApplicationLifecycle.Actions(ApplicationState.Useable, blocked: false));
        Assert.Equal(ApplicationActions.Unlock, ApplicationLifecycle.Actions(ApplicationState.Locked, blocked: false));
    }
}
