namespace Tsm.Grains.Ota;

/// <summary>The storage provider name every grain state uses (configured by the gateway's storage profile).</summary>
public static class GrainStorage
{
    public const string Name = "tsm";
}

/// <summary>Application state on one SE as the platform tracks it (seed 5.8.7.2).</summary>
public enum ApplicationState
{
    Ready,
    Loaded,
    Instantiated,
    Personalized,
    Useable,
    Locked,
}

[GenerateSerializer, Immutable]
public sealed record LoginCommand(
    [property: Id(0)] string Msisdn,
    [property: Id(1)] string Imsi,
    [property: Id(2)] string? Token);

[GenerateSerializer, Immutable]
public sealed record ApplicationLists(
    [property: Id(0)] IReadOnlyList<string> Download,
    [property: Id(1)] IReadOnlyList<string> Delete,
    [property: Id(2)] IReadOnlyList<string> Lock,
    [property: Id(3)] IReadOnlyList<string> Unlock);

[GenerateSerializer, Immutable]
public sealed record LoginOutcome(
    [property: Id(0)] bool Registered,
    [property: Id(1)] bool QueryOnly,
    [property: Id(2)] string? SessionId,
    [property: Id(3)] ApplicationLists Applications);

[GenerateSerializer, Immutable]
public sealed record OperationCommand(
    [property: Id(0)] string Msisdn,
    [property: Id(1)] OperationKind Kind,
    [property: Id(2)] string? ApplicationAid,
    [property: Id(3)] string Channel,
    [property: Id(4)] string? ServiceProvider = null,
    [property: Id(5)] string? Platform = null,
    [property: Id(6)] string? SecurityDomainAid = null,
    [property: Id(7)] PersonalizationInput? Personalization = null,
    [property: Id(8)] ProviderKeySet? ProviderKeys = null,
    [property: Id(9)] IReadOnlyList<string>? Commands = null,
    [property: Id(10)] bool Cascade = false);

[GenerateSerializer, Immutable]
public sealed record TaskTicket([property: Id(0)] string TaskId, [property: Id(1)] string SessionId);

/// <summary>A task as the wallet API reports it.</summary>
[GenerateSerializer, Immutable]
public sealed record TaskView(
    [property: Id(0)] string TaskId,
    [property: Id(1)] string SeId,
    [property: Id(2)] OperationKind Kind,
    [property: Id(3)] string? ApplicationAid,
    [property: Id(4)] TaskState State,
    [property: Id(5)] string? Reason,
    [property: Id(6)] string? StatusWord,
    [property: Id(7)] IReadOnlyList<string>? Responses = null,
    [property: Id(8)] string? SecurityDomainAid = null);

/// <summary>What the SE grain answers to a wallet report: an order, "wait" (queued behind another task), or the end.</summary>
[GenerateSerializer, Immutable]
public sealed record ExchangeResult(
    [property: Id(0)] OtaOrder? Order,
    [property: Id(1)] bool Waiting,
    [property: Id(2)] TaskView Task);

/// <summary>A refused request; the gateway turns it into problem details with <see cref="Status"/>.</summary>
[GenerateSerializer]
public sealed class OtaRequestException : Exception
{
    public OtaRequestException()
    {
    }

    public OtaRequestException(string message)
        : base(message)
    {
    }

    public OtaRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OtaRequestException(int status, string title, string message)
        : base(message)
    {
        Status = status;
        Title = title;
    }

    [Id(0)] public int Status { get; init; } = 400;

    [Id(1)] public string Title { get; init; } = "Bad request";
}

/// <summary>The per-SE grain (key: SEID): binding, card facts, application states, the live link and the task queue (seed 5.5.2, 5.8.7, 5.8.8).</summary>
public interface ISeGrain : IGrainWithStringKey
{
    Task<LoginOutcome> Login(LoginCommand command);

    Task<TaskTicket> Submit(OperationCommand command);

    /// <summary>The wallet's report for a task's outstanding order (null sequence = "give me the current order").</summary>
    Task<ExchangeResult> Exchange(string taskId, int? answering, IReadOnlyList<string> responses);

    Task<TaskView> GetTask(string taskId);

    Task<IReadOnlyList<TaskView>> ListTasks();

    Task Abort(string taskId);

    Task<IReadOnlyDictionary<string, ApplicationState>> ApplicationStates();

    /// <summary>The supplementary SDs the platform created on the SE (seed 5.8.3): AID → what it knows of each.</summary>
    Task<IReadOnlyDictionary<string, SecurityDomainView>> SecurityDomains();
}

/// <summary>A supplementary SD on one SE as the platform tracks it: its owner (the subscription), state and key version.</summary>
[GenerateSerializer, Immutable]
public sealed record SecurityDomainView(
    [property: Id(0)] string Aid,
    [property: Id(1)] string Owner,
    [property: Id(2)] bool Personalized,
    [property: Id(3)] byte? KeyVersion,
    [property: Id(4)] long? FixedSpace);

/// <summary>One operation on one SE (key: task id): its plan, progress and result; resumable after a crash.</summary>
public interface ITaskGrain : IGrainWithStringKey
{
    /// <summary>
    /// The current order (a new session when none is live), or the next one after a report. <paramref name="task"/> is
    /// the SE grain's durable entry: the task grain adopts it when it has no state of its own yet. <paramref name="fresh"/>
    /// says the SE grain created the task in its current activation, so nothing can be stored for it yet.
    /// </summary>
    Task<TaskAdvance> Advance(QueuedTask task, bool fresh, int? answering, IReadOnlyList<string> responses);

    /// <summary>The task as the wallet sees it; an id never run has an empty <see cref="TaskView.SeId"/>.</summary>
    Task<TaskView> View();

    /// <summary>The session transcript as TS 102 226 expanded scripts.</summary>
    Task<IReadOnlyList<ScriptExchange>> Transcript();

    /// <summary>Ends the task as aborted (and records it) unless it has already ended.</summary>
    Task Abort(QueuedTask task, bool fresh, string reason);
}

[GenerateSerializer, Immutable]
public sealed record TaskAdvance(
    [property: Id(0)] OtaOrder? Order,
    [property: Id(1)] TaskOutcome? Outcome,
    [property: Id(2)] CardFacts? Facts);
