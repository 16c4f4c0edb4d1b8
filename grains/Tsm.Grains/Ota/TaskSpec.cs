using Tsm.Grains.Keys;

namespace Tsm.Grains.Ota;

/// <summary>
/// A task as the SE grain accepted it: the operation and who asked (<see cref="Operation"/>, <see cref="Channel"/>),
/// and what was decided when the request was accepted, so that a resumed task does the same (the SD it works on, keys
/// generated then, the keys the platform holds for that SD).
/// </summary>
[GenerateSerializer, Immutable, Alias("Tsm.TaskSpec")]
public sealed record TaskSpec
{
    [Id(0)] public required TaskId Id { get; init; }

    [Id(1)] public required OperationSpec Operation { get; init; }

    [Id(2)] public TaskChannel Channel { get; init; } = TaskChannel.Wallet;

    /// <summary>The SE's bound number when the task was accepted.</summary>
    [Id(3)] public string Msisdn { get; init; } = "";

    [Id(4)] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The provider and business platform that asked (provider channel only).</summary>
    [Id(5)] public ProviderOrigin? Provider { get; init; }

    /// <summary>
    /// The SD the task works on: the target of an SD operation (the ISD for its key update), or the application's SD
    /// when a download creates it first or a delete deletes it after.
    /// </summary>
    [Id(6)] public string? SecurityDomainAid { get; init; }

    /// <summary>An operator SD's new keys, generated when the request was accepted, so that a resumed task puts the same ones.</summary>
    [Id(7)] public ProtectedKeySet? NewKeySet { get; init; }

    /// <summary>The key sets the platform holds for the SD the task opens a secure channel with (other than the ISD).</summary>
    [Id(8)] public IReadOnlyList<ProtectedKeySet> SecurityDomainKeySets { get; init; } = [];

    /// <summary>The ISD key version last reported by the SE: a new SD's initial keys are the ISD's keys of that version.</summary>
    [Id(9)] public byte? IsdKeyVersion { get; init; }

    /// <summary>SD delete: the SD still holds applications, deleted with it (the platform's own cascade only).</summary>
    [Id(10)] public bool Cascade { get; init; }

    /// <summary>Download: the application's SD is not on the SE yet and is created first (requirement 5.8.4.1).</summary>
    [Id(11)] public bool CreateSecurityDomainFirst { get; init; }

    /// <summary>Delete: the application is the last of an SD whose deletion rule deletes it with its last application (requirement 5.3.1).</summary>
    [Id(12)] public bool DeleteSecurityDomainAfter { get; init; }

    /// <summary>The security level of the task's secure channels (01, 03; requirement 5.8.9.2), decided when accepted.</summary>
    [Id(13)] public byte SecurityLevel { get; init; } = 0x03;

    /// <summary>
    /// Download: the application's SD is a third party's still holding its initial keys (created by this task, or
    /// before without keys): only a PERSONALIZED SD takes content (GP 2.2.1 §9.4.1), so the instances stay with the ISD
    /// until the provider's key update extradites them (requirement 5.8.4.1; docs/management/security-domains.md).
    /// </summary>
    [Id(14)] public bool ExtraditionDeferred { get; init; }

    /// <summary>Key update of a third party's SD: the instances on the SE to extradite to it once it is PERSONALIZED.</summary>
    [Id(15)] public IReadOnlyList<string> Extraditions { get; init; } = [];

    public string SeId => Id.SeId;

    /// <summary>The task grain's key.</summary>
    public string TaskId => Id.GrainKey;

    public OperationKind Kind => Operation.Kind;

    /// <summary>The application of an application operation; null for the others.</summary>
    public string? ApplicationAid => (Operation as ApplicationOperation)?.ApplicationAid;

    public string? ServiceProvider => Provider?.ServiceProvider;

    public PersonalizationInput? Personalization => (Operation as PersonalizeOperation)?.Input;

    public IReadOnlyList<string>? Commands => (Operation as ApplicationCommandsOperation)?.Commands;

    /// <summary>A third party's new SD keys under its KEK (create, key update).</summary>
    public ProviderKeySet? ProviderKeys => Operation switch
    {
        CreateSecurityDomainOperation create => create.ProviderKeys,
        UpdateSecurityDomainKeysOperation update => update.ProviderKeys,
        _ => null,
    };

    public RegisterOperation? Registration => Operation as RegisterOperation;

    /// <summary>The view of the task before it ran.</summary>
    public TaskView QueuedView() => new(Id, Kind, ApplicationAid, TaskState.Queued, null, null, null, SecurityDomainAid);

    /// <summary>The view of the task once it ended with <paramref name="outcome"/>.</summary>
    public TaskView EndedView(TaskOutcome outcome) =>
        new(Id, Kind, ApplicationAid, outcome.State, outcome.Reason, outcome.StatusWord, outcome.Responses, SecurityDomainAid);
}
