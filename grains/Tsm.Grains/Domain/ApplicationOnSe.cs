using Tsm.Grains.Ota;

namespace Tsm.Grains.Domain;

/// <summary>
/// One application on one SE as the platform tracks it (docs/requirements.md 5.8.7.2): its state and what goes with
/// it. Absent from the SE's state means <see cref="Absent"/>: Ready, nothing on the card, nothing pending.
/// </summary>
[GenerateSerializer, Immutable, Alias("Tsm.ApplicationOnSe")]
public sealed record ApplicationOnSe
{
    /// <summary>An application the SE has never held.</summary>
    public static readonly ApplicationOnSe Absent = new();

    [Id(0)] public ApplicationState State { get; init; } = ApplicationState.Ready;

    /// <summary>Its load file is on the card (a download interrupted after LOAD resumes from it; a delete may keep it).</summary>
    [Id(1)] public bool LoadFilePresent { get; init; }

    /// <summary>Ordered by the SE's previous, retired number: the new number cannot download it (requirement 5.5.2, 3b).</summary>
    [Id(2)] public bool Blocked { get; init; }

    /// <summary>When it became Personalized, for the activation timeout (requirement 5.8.7.2); null in any other state.</summary>
    [Id(3)] public DateTimeOffset? PersonalizedAt { get; init; }

    /// <summary>A loss-list lock task is queued for it, so that logins meanwhile do not queue another (requirement 5.5.2).</summary>
    [Id(4)] public bool LockPending { get; init; }

    /// <summary>On the SE in some form (anything but Ready): what a retired number ordered, what an SD's deletion must wait for.</summary>
    public bool OnSe => State != ApplicationState.Ready;

    /// <summary>What the wallet may ask next (the login lists).</summary>
    public ApplicationActions Actions => ApplicationLifecycle.Actions(State, Blocked);

    /// <summary>Why <paramref name="kind"/> from <paramref name="channel"/> may not run on it now; null when it may.</summary>
    public Refusal? Check(OperationKind kind, TaskChannel channel) =>
        kind == OperationKind.Download && Blocked
            ? new Refusal(RefusalCode.ApplicationBlocked, "The application was ordered by the SE's previous number; it must be unsubscribed first.")
            : ApplicationLifecycle.Check(kind, State, channel);

    /// <summary>
    /// After a task of <paramref name="kind"/> on it ended (requirement 5.8.7.2); the same record when a failure changed
    /// nothing. A successful download puts the load file; a successful delete removes it (unless kept) and lifts a block;
    /// any end of a lock task clears <see cref="LockPending"/>.
    /// </summary>
    public ApplicationOnSe After(OperationKind kind, TaskEnd end, ApplicationTraits traits, DateTimeOffset now)
    {
        // Whatever its end, a lock task is no longer pending.
        var ended = kind == OperationKind.Lock ? this with { LockPending = false } : this;
        var after = ApplicationLifecycle.After(kind, State, end, traits);
        if (after == State && end == TaskEnd.Failed)
            return ended;
        var next = ended.InState(after, now);
        if (kind == OperationKind.Download && end == TaskEnd.Succeeded)
            next = next with { LoadFilePresent = true };
        if (kind == OperationKind.Delete && end is TaskEnd.Succeeded or TaskEnd.SucceededKeepingLoadFile)
            next = next with { LoadFilePresent = after == ApplicationState.Loaded, Blocked = false };
        return next;
    }

    /// <summary>What an info sync read from the card (requirement 5.8.4.5): a Personalized application on the card stays Personalized.</summary>
    public ApplicationOnSe Synced(bool instancesOnCard, bool locked, bool loadFileOnCard, DateTimeOffset now)
    {
        var state = locked ? ApplicationState.Locked
            : instancesOnCard ? (State == ApplicationState.Personalized ? ApplicationState.Personalized : ApplicationState.Useable)
            : loadFileOnCard ? ApplicationState.Loaded
            : ApplicationState.Ready;
        return InState(state, now) with { LoadFilePresent = loadFileOnCard };
    }

    /// <summary>The provider's activation notice (requirement 5.8.7.2).</summary>
    public ApplicationOnSe Activated(DateTimeOffset now) => InState(ApplicationLifecycle.Activated(State), now);

    /// <summary>Back to Instantiated when Personalized longer than <paramref name="timeout"/> without the activation notice.</summary>
    public ApplicationOnSe Expired(DateTimeOffset now, TimeSpan timeout) =>
        PersonalizedAt is { } since && ApplicationLifecycle.Expired(State, since, now, timeout) is var state && state != State ? InState(state, now) : this;

    /// <summary>In <paramref name="state"/>, with the time it became Personalized kept, set or cleared.</summary>
    private ApplicationOnSe InState(ApplicationState state, DateTimeOffset now) => this with
    {
        State = state,
        PersonalizedAt = state != ApplicationState.Personalized ? null : State == ApplicationState.Personalized ? PersonalizedAt : now,
    };
}
