using Tsm.Grains.Keys;

namespace Tsm.Grains.Ota;

/// <summary>The operations of the OTA engine (seed 5.8.4).</summary>
public enum OperationKind
{
    Register,
    Download,
    Delete,
    Lock,
    Unlock,
    Sync,

    /// <summary>Seed 5.8.3.1: install a supplementary SD, replace its initial keys, set it personalized.</summary>
    CreateSecurityDomain,

    /// <summary>Seed 5.8.3.2: PUT KEY on the SD's own secure channel (the ISD's too, for a batch rotation).</summary>
    UpdateSecurityDomainKeys,

    /// <summary>Seed 5.8.3.3: delete an empty supplementary SD.</summary>
    DeleteSecurityDomain,

    /// <summary>Seed 5.8.4.6: personalization in mode 1, 2 or 3.</summary>
    Personalize,

    /// <summary>Seed 5.7.1 "application commands": the provider's APDUs passed through to its application unchanged.</summary>
    ApplicationCommands,
}

/// <summary>Personalization data as the provider sends it (seed 5.8.4.6).</summary>
[GenerateSerializer, Immutable]
public sealed record PersonalizationInput(
    [property: Id(0)] int Mode,
    [property: Id(1)] string? Data = null,
    [property: Id(2)] IReadOnlyList<string>? Commands = null)
{
    /// <summary>Shows the mode only: the data is the provider's (protected, but not for logs).</summary>
    public override string ToString() => $"personalization mode {Mode}";
}

/// <summary>A third-party SD's new keys (ENC, MAC, DEK) as its provider sends them: each under the provider's KEK, with KCVs (hex).</summary>
[GenerateSerializer, Immutable]
public sealed record ProviderKeySet(
    [property: Id(0)] byte KeyVersion,
    [property: Id(1)] IReadOnlyList<string> KeysUnderKek,
    [property: Id(2)] IReadOnlyList<string> KeyCheckValues)
{
    public override string ToString() => $"provider key set {KeyVersion:X2}";
}

/// <summary>What a task is asked to do on one SE.</summary>
[GenerateSerializer, Immutable]
public sealed record TaskSpec
{
    [Id(0)] public required string TaskId { get; init; }

    [Id(1)] public required string SeId { get; init; }

    [Id(2)] public required OperationKind Kind { get; init; }

    [Id(3)] public string? ApplicationAid { get; init; }

    [Id(4)] public string Msisdn { get; init; } = "";

    /// <summary>The channel the request came from: "wallet" or "business-hall" (unlock needs the latter, seed 5.8.4.3).</summary>
    [Id(5)] public string Channel { get; init; } = "wallet";

    [Id(6)] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Registration data (hex): MSISDN digits, token, IMSI digest.</summary>
    [Id(7)] public string? RegistrationMsisdn { get; init; }

    [Id(8)] public string? RegistrationToken { get; init; }

    [Id(9)] public string? RegistrationImsiDigest { get; init; }

    /// <summary>The service provider a business platform asked for the task as (channel "provider"); null otherwise.</summary>
    [Id(10)] public string? ServiceProvider { get; init; }

    /// <summary>The business platform that asked (channel "provider"), whose callback hears the task's end.</summary>
    [Id(11)] public string? Platform { get; init; }

    /// <summary>The SD an SD operation works on (create, key update, delete).</summary>
    [Id(12)] public string? SecurityDomainAid { get; init; }

    [Id(13)] public PersonalizationInput? Personalization { get; init; }

    /// <summary>A third party's new SD keys under its KEK (create, key update).</summary>
    [Id(14)] public ProviderKeySet? ProviderKeys { get; init; }

    /// <summary>An operator SD's new keys, generated when the request was accepted, so that a resumed task puts the same ones.</summary>
    [Id(15)] public ProtectedKeySet? NewKeySet { get; init; }

    /// <summary>The key sets the platform holds for the SD the task opens a secure channel with (other than the ISD).</summary>
    [Id(16)] public IReadOnlyList<ProtectedKeySet> SecurityDomainKeySets { get; init; } = [];

    /// <summary>The ISD key version last reported by the SE: a new SD's initial keys are the ISD's keys of that version.</summary>
    [Id(17)] public byte? IsdKeyVersion { get; init; }

    /// <summary>Application commands (hex C-APDUs) to pass through.</summary>
    [Id(18)] public IReadOnlyList<string>? Commands { get; init; }

    /// <summary>SD delete: delete the SD's applications with it (the platform's own policy only).</summary>
    [Id(19)] public bool Cascade { get; init; }

    /// <summary>Download: the application's SD is not on the SE yet and is created first (seed 5.8.4.1).</summary>
    [Id(20)] public bool CreateSecurityDomainFirst { get; init; }

    /// <summary>Delete: the application is the last of an SD whose deletion rule deletes it with its last application (seed 5.3.1).</summary>
    [Id(21)] public bool DeleteSecurityDomainAfter { get; init; }
}

/// <summary>
/// A task waiting or running on an SE, as the SE grain keeps it: the durable record of an accepted request. The task
/// grain itself is written only when the task ends; until then it is re-created from this entry (after a restart).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QueuedTask(
    [property: Id(0)] TaskSpec Spec,
    [property: Id(1)] bool LoadFilePresent,
    [property: Id(2)] IReadOnlyList<string> InstancesPresent)
{
    public string TaskId => Spec.TaskId;

    /// <summary>The wallet's view of a task that has not started.</summary>
    public TaskView QueuedView() => new(Spec.TaskId, Spec.SeId, Spec.Kind, Spec.ApplicationAid, TaskState.Queued, null, null, null, Spec.SecurityDomainAid);
}

/// <summary>One order for the wallet: C-APDUs to send to the SE in sequence (hex).</summary>
[GenerateSerializer, Immutable]
public sealed record OtaOrder([property: Id(0)] int Sequence, [property: Id(1)] IReadOnlyList<string> Commands, [property: Id(2)] string Purpose);

/// <summary>The state of a task as people see it.</summary>
public enum TaskState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Aborted,
}

/// <summary>The end of a task: its state, a reason and the card's SW when the card refused.</summary>
[GenerateSerializer, Immutable]
public sealed record TaskOutcome(
    [property: Id(0)] TaskState State,
    [property: Id(1)] string? Reason = null,
    [property: Id(2)] string? StatusWord = null,
    [property: Id(3)] IReadOnlyList<string>? Responses = null);

/// <summary>What the engine learnt about the card during a task, for the SE grain to record.</summary>
[GenerateSerializer, Immutable]
public sealed record CardFacts
{
    [Id(0)] public long? FreeNonVolatile { get; init; }

    [Id(1)] public long? FreeVolatile { get; init; }

    [Id(2)] public string? Cplc { get; init; }

    [Id(3)] public byte? KeyVersion { get; init; }

    [Id(4)] public ushort? SequenceCounter { get; init; }

    /// <summary>Load file AID → its module AIDs, as GET STATUS reported (null = not read).</summary>
    [Id(5)] public IReadOnlyDictionary<string, IReadOnlyList<string>>? LoadFiles { get; init; }

    /// <summary>Instance AID → life cycle byte, as GET STATUS reported (null = not read).</summary>
    [Id(6)] public IReadOnlyDictionary<string, byte>? Instances { get; init; }

    /// <summary>Key set versions of the ISD, as GET DATA E0 reported (null = not read).</summary>
    [Id(7)] public IReadOnlyList<byte>? KeyVersions { get; init; }

    /// <summary>The key version the task's SD holds at its end (key update, create), when the task learnt it.</summary>
    [Id(8)] public byte? SecurityDomainKeyVersion { get; init; }

    /// <summary>Whether the task's SD is personalized at its end (create, key update).</summary>
    [Id(9)] public bool? SecurityDomainPersonalized { get; init; }

    /// <summary>The task deleted its SD (an SD delete, or a delete of the SD's last application under its deletion rule).</summary>
    [Id(10)] public bool? SecurityDomainDeleted { get; init; }
}
