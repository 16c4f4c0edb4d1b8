using Tsm.Grains.Catalogue;
using Tsm.Grains.Ota;

namespace Tsm.Grains.Management.Applications;

/// <summary>
/// The application lifecycle (requirement 5.4.4; docs/management/applications.md, "Lifecycle"): initial → reviewed →
/// tested → published → archiving → archived, with a rejection back to initial. Every pair not listed is refused; the
/// legacy state <see cref="ApplicationStatus.Defined"/> has no transitions.
/// </summary>
public static class ApplicationLifecycle
{
    /// <summary>The state after <paramref name="action"/>, or null when the action is not allowed in <paramref name="from"/>.</summary>
    public static ApplicationStatus? TryNext(ApplicationStatus from, ApplicationAction action) => (from, action) switch
    {
        (ApplicationStatus.Initial, ApplicationAction.Approve) => ApplicationStatus.Reviewed,
        (ApplicationStatus.Initial, ApplicationAction.Reject) => ApplicationStatus.Initial,
        (ApplicationStatus.Reviewed, ApplicationAction.Reject) => ApplicationStatus.Initial,
        (ApplicationStatus.Reviewed, ApplicationAction.PassTest) => ApplicationStatus.Tested,
        (ApplicationStatus.Reviewed, ApplicationAction.FailTest) => ApplicationStatus.Reviewed,
        (ApplicationStatus.Tested, ApplicationAction.PassTest) => ApplicationStatus.Tested,
        (ApplicationStatus.Tested, ApplicationAction.FailTest) => ApplicationStatus.Tested,
        (ApplicationStatus.Tested, ApplicationAction.Publish) => ApplicationStatus.Published,
        (ApplicationStatus.Published, ApplicationAction.Archive) => ApplicationStatus.Archiving,
        (ApplicationStatus.Archiving, ApplicationAction.FinishArchiving) => ApplicationStatus.Archived,
        _ => null,
    };

    /// <summary>The state after <paramref name="action"/>.</summary>
    /// <exception cref="RefusedException"><see cref="RefusalCode.ApplicationTransitionRefused"/>: not allowed in <paramref name="from"/>.</exception>
    public static ApplicationStatus Next(ApplicationStatus from, ApplicationAction action) =>
        TryNext(from, action) ?? throw new RefusedException(RefusalCode.ApplicationTransitionRefused,
            $"An application in state {NameOf(from)} cannot be {Past(action)}.");

    /// <summary>The lower-case name stored and shown for a state.</summary>
    public static string NameOf(ApplicationStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>A state from its stored name.</summary>
    public static bool TryParse(string? name, out ApplicationStatus status) =>
        Enum.TryParse(name, ignoreCase: true, out status) && Enum.IsDefined(status) && !int.TryParse(name, out _);

    private static string Past(ApplicationAction action) => action switch
    {
        ApplicationAction.Approve => "approved",
        ApplicationAction.Reject => "rejected",
        ApplicationAction.PassTest or ApplicationAction.FailTest => "tested",
        ApplicationAction.Publish => "published",
        ApplicationAction.Archive => "archived",
        _ => "finished archiving",
    };
}
