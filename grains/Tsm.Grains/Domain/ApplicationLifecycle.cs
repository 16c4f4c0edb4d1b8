using Tsm.Grains.Ota;

namespace Tsm.Grains.Domain;

/// <summary>
/// The life cycle of one application on one SE (docs/requirements.md 5.8.7.2) as pure functions: which operations
/// a state allows (<see cref="Check"/>), and the state a finished task leaves (<see cref="After"/>).
/// <code>
/// Ready ─download→ Loaded ─install→ Instantiated ─personalize→ Personalized ─activate→ Useable ⇄ Locked
///                                   (no personalization needed: straight on; no activation needed: Useable)
/// any installed state ─delete→ Ready (Loaded when the load file is kept)
/// </code>
/// </summary>
public static class ApplicationLifecycle
{
    /// <summary>Why <paramref name="kind"/> may not run on an application in <paramref name="current"/> from <paramref name="channel"/>; null when it may.</summary>
    public static Refusal? Check(OperationKind kind, ApplicationState current, TaskChannel channel) => kind switch
    {
        OperationKind.Download when current is not (ApplicationState.Ready or ApplicationState.Loaded or ApplicationState.Instantiated) =>
            new Refusal(RefusalCode.AlreadyDownloaded, $"The application is {current}."),
        OperationKind.Delete when current == ApplicationState.Ready =>
            new Refusal(RefusalCode.NotOnSe, "The application is not on the SE."),
        OperationKind.Lock when current != ApplicationState.Useable =>
            new Refusal(RefusalCode.CannotLock, $"Only a Useable application can be locked; it is {current}."),
        OperationKind.Unlock when current != ApplicationState.Locked =>
            new Refusal(RefusalCode.CannotUnlock, $"Only a Locked application can be unlocked; it is {current}."),
        OperationKind.Unlock when channel is not (TaskChannel.BusinessHall or TaskChannel.Provider) =>
            new Refusal(RefusalCode.BusinessHallOnly, "Unlocking is done at the business hall (requirement 5.8.4.3)."),
        OperationKind.Personalize when current is not (ApplicationState.Instantiated or ApplicationState.Personalized or ApplicationState.Useable) =>
            new Refusal(RefusalCode.CannotPersonalize, $"Only an installed, unlocked application is personalized; it is {current}."),
        OperationKind.ApplicationCommands when current is ApplicationState.Ready or ApplicationState.Loaded or ApplicationState.Locked =>
            new Refusal(RefusalCode.ApplicationNotUsable, $"Commands go to an installed, unlocked application; it is {current}."),
        _ => null,
    };

    /// <summary>Why the provider's activation notice cannot make the application Useable; null when it can (or already is).</summary>
    public static Refusal? CheckActivation(ApplicationState current) =>
        current is ApplicationState.Personalized or ApplicationState.Useable
            ? null
            : new Refusal(RefusalCode.CannotActivate, $"Only a Personalized application can be activated; it is {current}.");

    /// <summary>
    /// The state after a task of <paramref name="kind"/> ended. A failed download that left its load file on the card
    /// is Loaded, so that the next download resumes; any other failure changes nothing.
    /// </summary>
    public static ApplicationState After(OperationKind kind, ApplicationState current, TaskEnd end, ApplicationTraits traits) => (kind, end) switch
    {
        (OperationKind.Download, TaskEnd.Succeeded) => traits.NeedsPersonalization ? ApplicationState.Instantiated : Personalized(traits),
        (OperationKind.Download, TaskEnd.FailedWithLoadFile) => ApplicationState.Loaded,
        (OperationKind.Delete, TaskEnd.Succeeded) => ApplicationState.Ready,
        (OperationKind.Delete, TaskEnd.SucceededKeepingLoadFile) => ApplicationState.Loaded,
        (OperationKind.Lock, TaskEnd.Succeeded) => ApplicationState.Locked,
        (OperationKind.Unlock, TaskEnd.Succeeded) => ApplicationState.Useable,
        // A personalization update of an application in use keeps it Useable.
        (OperationKind.Personalize, TaskEnd.Succeeded) => current == ApplicationState.Useable ? ApplicationState.Useable : Personalized(traits),
        _ => current,
    };

    /// <summary>
    /// How a task of <paramref name="kind"/> ended, as far as the life cycle cares: a delete may have kept the load file
    /// (<paramref name="loadFileKept"/>); a failed download may have left it on the card (<paramref name="loadFileOnCard"/>).
    /// </summary>
    public static TaskEnd EndOf(OperationKind kind, bool succeeded, bool loadFileKept, bool loadFileOnCard) => (succeeded, kind) switch
    {
        (true, OperationKind.Delete) when loadFileKept => TaskEnd.SucceededKeepingLoadFile,
        (true, _) => TaskEnd.Succeeded,
        (false, OperationKind.Download) when loadFileOnCard => TaskEnd.FailedWithLoadFile,
        _ => TaskEnd.Failed,
    };

    /// <summary>The provider's activation notice.</summary>
    public static ApplicationState Activated(ApplicationState current) =>
        CheckActivation(current) is null ? ApplicationState.Useable : current;

    /// <summary>A Personalized application whose activation notice did not come within the timeout goes back to Instantiated.</summary>
    public static ApplicationState Expired(ApplicationState current, DateTimeOffset personalizedAt, DateTimeOffset now, TimeSpan activationTimeout) =>
        current == ApplicationState.Personalized && now - personalizedAt > activationTimeout ? ApplicationState.Instantiated : current;

    /// <summary>What the wallet may ask next for an application in <paramref name="current"/>.</summary>
    public static ApplicationActions Actions(ApplicationState current, bool blocked) => current switch
    {
        ApplicationState.Ready or ApplicationState.Loaded => blocked ? ApplicationActions.None : ApplicationActions.Download,
        ApplicationState.Instantiated => ApplicationActions.Download | ApplicationActions.Delete,
        ApplicationState.Personalized => ApplicationActions.Delete,
        ApplicationState.Useable => ApplicationActions.Delete | ApplicationActions.Lock,
        ApplicationState.Locked => ApplicationActions.Unlock,
        _ => ApplicationActions.None,
    };

    private static ApplicationState Personalized(ApplicationTraits traits) =>
        traits.NeedsActivation ? ApplicationState.Personalized : ApplicationState.Useable;
}
