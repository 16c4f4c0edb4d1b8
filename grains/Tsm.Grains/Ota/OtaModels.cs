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
    public TaskView QueuedView() => new(Spec.TaskId, Spec.SeId, Spec.Kind, Spec.ApplicationAid, TaskState.Queued, null, null);
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
public sealed record TaskOutcome([property: Id(0)] TaskState State, [property: Id(1)] string? Reason = null, [property: Id(2)] string? StatusWord = null);

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
}
