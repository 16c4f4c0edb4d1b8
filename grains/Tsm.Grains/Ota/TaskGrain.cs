using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Keys;
using Tsm.Grains.Ota.Transcripts;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Orleans.Storage;
using Tsm.Grains.Telemetry;

namespace Tsm.Grains.Ota;

[GenerateSerializer, Alias("Tsm.TaskGrainState")]
public sealed class TaskGrainState
{
    [Id(0)] public TaskSpec? Spec { get; set; }

    [Id(1)] public TaskState State { get; set; } = TaskState.Queued;

    [Id(2)] public TaskOutcome? Outcome { get; set; }

    [Id(3)] public bool LoadFilePresent { get; set; }

    [Id(4)] public List<string> InstancesPresent { get; set; } = [];

    /// <summary>Orders issued so far (a milestone count, persisted after each confirmed script).</summary>
    [Id(5)] public int OrdersIssued { get; set; }

    [Id(6)] public DateTimeOffset? FinishedAt { get; set; }

    // Id 7 held the transcript (hex) until transcripts moved to their own store (docs/ota.md, "Transcripts"); states
    // written before still carry it, and the serializer skips it. Never reuse the id.
}

/// <summary>
/// Runs one task. The plan and its SCP02 session live in memory (<see cref="OtaSession"/>); the state written at
/// each milestone (after every confirmed order) is enough to resume in a new session after a crash: GET STATUS in
/// the new session shows what the interrupted one finished, so nothing is done twice. The transcript is kept in
/// memory while the task runs and goes to the transcript store at the end when the retention policy keeps it; a
/// finished task's grain is released at once, and once the purge has removed its state it answers from its
/// operation record (docs/ota.md, "Transcripts").
/// </summary>
// Unfinished tasks whose wallet went away are collected sooner than the default; finished ones deactivate at once.
[CollectionAgeLimit(Minutes = 2)]
public sealed partial class TaskGrain(
    [FromKeyedServices(GrainStorage.Name)] IGrainStorage storage,
    ICatalogue catalogue,
    IKeyService keyService,
    IOptions<OtaOptions> options,
    IOptionsMonitor<TranscriptOptions> transcriptOptions,
    ITranscriptStore transcripts,
    IOperationLog operationLog,
    [FromKeyedServices(DomainClock.Key)] TimeProvider time,
    ILogger<TaskGrain> logger) : Grain, ITaskGrain, ITaskRunner
{
    private const string StateName = "task";

    // The state is read on demand rather than at activation: a task the SE grain has just created has nothing stored
    // (it is written once, when it ends), so the first call skips the read.
    private readonly GrainState<TaskGrainState> _stored = new(new TaskGrainState());
    private bool _loaded;
    private OtaSession? _session;
    private string? _lastReport;
    private TranscriptRecorder _transcript = new();

    /// <summary>The task's end read from its operation record when its grain state was purged (null otherwise).</summary>
    private RecordedOperation? _record;

    private TaskGrainState State => _stored.State ??= new TaskGrainState();

    private async ValueTask Load(bool fresh = false)
    {
        if (_loaded)
            return;
        if (!fresh)
            await storage.ReadStateAsync(StateName, this.GetGrainId(), _stored);
        _loaded = true;
    }

    /// <summary>
    /// With nothing stored, the task has not run yet or the purge removed its end after its operation record was
    /// written: the record then answers. Asked only where an ended task is possible, not on the path of a running one.
    /// </summary>
    private async ValueTask LoadEnded(bool fresh = false)
    {
        var stored = _loaded;
        await Load(fresh);
        if (!stored && !fresh && State.Spec is null && _record is null && Guid.TryParseExact(this.GetPrimaryKeyString(), "N", out var id))
            _record = await operationLog.FindAsync(id);
    }

    /// <summary>The end of a task whose state was purged, from its operation record (its SE named by <paramref name="seId"/>).</summary>
    private TaskView? RecordedView(string seId) =>
        _record is { } record && Guid.TryParseExact(this.GetPrimaryKeyString(), "N", out var id)
            ? FinishedTaskViews.From(new TaskId(seId, id), record)
            : null;

    private Task Save() => storage.WriteStateAsync(StateName, this.GetGrainId(), _stored);

    /// <summary>Takes the SE grain's entry as this task's state when there is none (nothing is written until the end).</summary>
    private async ValueTask Adopt(QueuedTask task, bool fresh)
    {
        ArgumentNullException.ThrowIfNull(task);
        await LoadEnded(fresh);
        if (State.Spec is not null)
            return;
        if (task.TaskId != this.GetPrimaryKeyString())
            throw new ArgumentException("The queued task is not this task.", nameof(task));
        State.Spec = task.Spec;
        State.LoadFilePresent = task.LoadFilePresent;
        State.InstancesPresent = [.. task.InstancesPresent];
    }

    public async Task<TaskAdvance> Advance(QueuedTask task, bool fresh, int? answering, IReadOnlyList<string> responses, string? agentError = null) =>
        await Step(task, fresh, answering, responses, agentError) with { View = ToView() };

    private async Task<TaskAdvance> Step(QueuedTask task, bool fresh, int? answering, IReadOnlyList<string> responses, string? agentError)
    {
        ArgumentNullException.ThrowIfNull(responses);
        await Adopt(task, fresh);
        var spec = State.Spec!;
        if (State.Outcome is { } done)
        {
            // An end stored as grain state (application answers, or a state written before ends went to the record).
            await TaskEndRecord.WriteAsync(operationLog, spec, done);
            return Released(new TaskAdvance(null, done, null));
        }
        if (RecordedView(spec.SeId) is { } ended)
            return Released(new TaskAdvance(null, new TaskOutcome(ended.State, ended.Reason, ended.StatusWord), null));
        using var activity = OtaTelemetry.Source.StartActivity("ota.task.advance");
        activity?.SetTag("tsm.task.id", spec.TaskId);
        activity?.SetTag("tsm.task.kind", spec.Kind.ToString());
        if (_session is null || _session.Outstanding is null || answering is null)
        {
            // No live session (first call, or the gateway restarted): open a new one.
            CloseSession();
            _session = NewSession(spec);
            if (_session is null)
                return await Finish(new TaskOutcome(TaskState.Failed, "the SE's batch, the application or the security domain is no longer in the catalogue"), null);
            OtaTelemetry.SessionOpened(spec.Kind, first: State.OrdersIssued == 0);
            // Opening a session changes nothing durable: it is written with the next milestone.
            State.State = TaskState.Running;
            State.OrdersIssued++;
            return new TaskAdvance(Record(_session.Begin()), null, null);
        }
        // A report identical to the last one answered is a replay (R-APDUs carry cryptograms, MACs and counters).
        var report = string.Join(',', responses);
        if (responses.Count > 0 && report == _lastReport)
            throw new RefusedException(RefusalCode.ReplayedReport, "This report was already processed; the order outstanding is a later one.");
        var outstanding = _session.Outstanding;
        if (answering is > 0 && answering != outstanding.Sequence)
            throw new RefusedException(RefusalCode.ReportOutOfOrder, $"The report answers order {answering}, but order {outstanding.Sequence} is outstanding.");
        if (responses.Count > outstanding.Commands.Count)
            throw new RefusedException(RefusalCode.TooManyResponses, $"The report carries {responses.Count} responses for {outstanding.Commands.Count} commands.");
        List<ResponseApdu> parsed;
        try
        {
            parsed = responses.Select(r => ResponseApdu.Parse(Hex.Parse(r))).ToList();
        }
        catch (FormatException ex)
        {
            throw new RefusedException(RefusalCode.MalformedResponse, ex.Message);
        }
        _lastReport = report;
        RecordAnswer(outstanding, parsed);
        var step = _session.Advance(parsed);
        switch (step)
        {
            case OtaContinue next:
                // Nothing durable changed: what the card holds is read again by GET STATUS if the task resumes.
                State.OrdersIssued++;
                return new TaskAdvance(Record(next.Order), null, null);
            case OtaFinished finished:
                State.LoadFilePresent = finished.Content.LoadFilePresent;
                State.InstancesPresent = [.. finished.Content.Instances];
                return await Finish(WithAgentError(finished.Outcome, agentError), finished.Facts, agentError is not null);
            default:
                throw new InvalidOperationException("Unknown engine step.");
        }
    }

    /// <summary>
    /// A failure on a report with an error status that the SE itself did not give (no status word) names that status,
    /// e.g. "… (the local agent reported UNAVAILABLE_SE: …)" (docs/wallet-protocol.md, "SERAM conformance").
    /// </summary>
    private static TaskOutcome WithAgentError(TaskOutcome outcome, string? agentError) =>
        agentError is not null && outcome.State == TaskState.Failed && outcome.StatusWord is null
            ? outcome with { Reason = $"{outcome.Reason} (the local agent reported {agentError})" }
            : outcome;

    public async Task<TaskView?> View()
    {
        await Load();
        return Released(ToView() ?? (_record is { } record ? RecordedView(record.SeId) : null));
    }

    public async Task<TaskView?> Ended()
    {
        await LoadEnded();
        return Released(ToView() ?? (_record is { } record ? RecordedView(record.SeId) : null));
    }

    /// <summary>The stored transcript (empty when the retention policy did not keep it or the purge removed it).</summary>
    public async Task<IReadOnlyList<ScriptExchange>> Transcript()
    {
        await Load();
        if (_session is not null)
            return TranscriptRenderer.Render(_transcript.Exchanges, catalogue);
        var stored = Guid.TryParseExact(this.GetPrimaryKeyString(), "N", out var id) ? await transcripts.FindAsync(id) : null;
        return Released(stored is null ? [] : TranscriptRenderer.Render(TranscriptCodec.Decode(stored.Body.Span), catalogue));
    }

    /// <summary>A finished task's grain has nothing more to do: it is released once the call returns (its end is stored).</summary>
    private T Released<T>(T result)
    {
        if (_session is null && (State.Outcome is not null || _record is not null))
            this.DeactivateOnIdle();
        return result;
    }

    private OtaOrder Record(OtaOrder order)
    {
        _transcript.Order(order.Sequence, _session!.OutstandingCommands);
        return order;
    }

    private void RecordAnswer(OtaOrder order, IReadOnlyList<ResponseApdu> responses) => _transcript.Answer(order.Sequence, responses);

    public async Task Abort(QueuedTask task, bool fresh, string reason)
    {
        await Adopt(task, fresh);
        if (State.Outcome is not null || _record is not null)
            return;
        await Finish(new TaskOutcome(TaskState.Aborted, reason), null);
    }

    private async Task<TaskAdvance> Finish(TaskOutcome outcome, CardFacts? facts, bool agentError = false)
    {
        CloseSession();
        State.Outcome = outcome;
        State.State = outcome.State;
        State.FinishedAt = time.GetUtcNow();
        var spec = State.Spec!;
        // The end is the operation record under the task's id (group-committed): it answers after a crash before the SE
        // grain completes the task, and for views once this grain is gone. Grain state is written only for the
        // application's answers to passed-through commands, which the record does not hold. The transcript, when the
        // retention policy keeps it, goes to its store at the same time.
        var exchanges = _transcript.Exchanges;
        _transcript = new TranscriptRecorder();
        var keep = exchanges.Count > 0 && TranscriptRetention.Keeps(outcome.State, spec.Id.Value, transcriptOptions.CurrentValue.SuccessSampleRate);
        await Task.WhenAll(
            TaskEndRecord.WriteAsync(operationLog, spec, outcome),
            outcome.Responses is { Count: > 0 } ? Save() : Task.CompletedTask,
            keep ? transcripts.StoreAsync(new StoredTranscript(spec.Id.Value, spec.SeId, outcome.State, State.FinishedAt.Value, TranscriptCodec.Encode(exchanges))) : Task.CompletedTask);
        this.DeactivateOnIdle();
        TaskLog.Finished(logger, spec.TaskId, spec.Kind, outcome.State, outcome.StatusWord ?? "-");
        OtaTelemetry.TaskFinished(spec.Kind, outcome, agentError, State.FinishedAt.Value - spec.CreatedAt, State.OrdersIssued);
        Activity.Current?.SetTag("tsm.task.state", outcome.State.ToString());
        return new TaskAdvance(null, outcome, facts);
    }

    private void CloseSession()
    {
        if (_session is null)
            return;
        _session.Dispose();
        _session = null;
        OtaTelemetry.SessionClosed();
    }

    private OtaSession? NewSession(TaskSpec spec)
    {
        var batch = catalogue.FindBatch(spec.SeId);
        var app = spec.ApplicationAid is null ? null : catalogue.FindApplication(spec.ApplicationAid);
        if (batch is null || spec.Operation is ApplicationOperation && app is null)
            return null;
        var sd = catalogue.FindSecurityDomain(spec.SecurityDomainAid ?? app?.SecurityDomainAid ?? "");
        if ((spec.Kind == OperationKind.CreateSecurityDomain || spec.CreateSecurityDomainFirst) && sd is null)
            return null;
        var cap = spec.Kind == OperationKind.Download ? catalogue.GetCap(app!) : null;
        var known = new KnownContent(State.LoadFilePresent, new HashSet<string>(State.InstancesPresent, StringComparer.OrdinalIgnoreCase));
        IReadOnlyList<PrerequisiteLoadFile> prerequisites = spec.Kind == OperationKind.Download ? Prerequisites(app!) : [];
        return new OtaSession(spec, batch, app, cap, known, keyService, options.Value, sd, resumed: State.OrdersIssued > 0, prerequisites);
    }

    /// <summary>The libraries the application imports, then its other load files, in the catalogue's dependency order.</summary>
    private List<PrerequisiteLoadFile> Prerequisites(ApplicationDefinition app)
    {
        var loadFiles = app.Extensions
            .Select(aid => catalogue.FindLibrary(aid)?.LoadFile ?? throw new RefusedException(RefusalCode.UnknownApplication, $"Library {aid} is not in the catalogue."))
            .Concat(app.AllLoadFiles.Where(f => !f.Aid.Equals(app.LoadFileAid, StringComparison.OrdinalIgnoreCase)));
        return [.. loadFiles.Select(f => new PrerequisiteLoadFile(f, catalogue.GetCap(f)))];
    }

    private TaskView? ToView()
    {
        if (State.Spec is not { } spec)
            return null;
        return new TaskView(spec.Id, spec.Kind, spec.ApplicationAid, State.State, State.Outcome?.Reason, State.Outcome?.StatusWord,
            State.Outcome?.Responses, spec.SecurityDomainAid);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        CloseSession();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }
}

internal static partial class TaskLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Task {TaskId} ({Kind}) finished {State}, SW {StatusWord}")]
    public static partial void Finished(ILogger logger, string taskId, OperationKind kind, TaskState state, string statusWord);
}
