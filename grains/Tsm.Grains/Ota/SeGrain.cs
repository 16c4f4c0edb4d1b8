using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Domain;
using Tsm.Grains.Keys;
using Tsm.Protocol.Wallet;

namespace Tsm.Grains.Ota;

[GenerateSerializer, Alias("Tsm.SeGrainState")]
public sealed class SeGrainState
{
    /// <summary>The bound MSISDN (seed 5.5.2: one SE to one MSISDN).</summary>
    [Id(0)] public string? Msisdn { get; set; }

    [Id(1)] public bool Registered { get; set; }

    /// <summary>The registration token, encrypted by the key service.</summary>
    [Id(2)] public string? ProtectedToken { get; set; }

    [Id(3)] public DateOnly? TokenIssued { get; set; }

    [Id(4)] public Dictionary<string, ApplicationState> Applications { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Load file present per application (a download interrupted after LOAD), for resuming.</summary>
    [Id(5)] public Dictionary<string, bool> LoadFilePresent { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    [Id(6)] public CardFacts? Facts { get; set; }

    // Ids 7 and 8 (the queue as task ids, and a history of ended task ids) are retired: the queue is Pending, and an
    // ended task is recognised by its own grain's state.

    /// <summary>Applications of a previous, retired number that this SE's new number cannot download (seed 5.5.2 3b).</summary>
    [Id(9)] public HashSet<string> BlockedApplications { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>When the application became Personalized, for the activation timeout (seed 5.8.7.2).</summary>
    [Id(10)] public Dictionary<string, DateTimeOffset> PersonalizedAt { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The registration task waiting or running, so that logins meanwhile do not queue another.</summary>
    [Id(11)] public string? RegistrationTask { get; set; }

    /// <summary>Applications with a loss-list lock task queued, so that logins meanwhile do not queue another.</summary>
    [Id(12)] public HashSet<string> LocksPending { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Tasks waiting or running, the running one first (seed 5.8.8: one live link per SE). This is the durable record
    /// of an accepted request: the task grain is written only when the task ends.
    /// </summary>
    [Id(13)] public List<QueuedTask> Pending { get; set; } = [];

    /// <summary>Supplementary SDs the platform created on the SE (seed 5.8.3), by AID.</summary>
    [Id(14)] public Dictionary<string, SecurityDomainOnSe> SecurityDomains { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public QueuedTask? FindPending(string taskId) => Pending.Find(t => t.TaskId == taskId);
}

/// <summary>Options of the wallet-facing rules (section "Wallet").</summary>
public sealed class WalletOptions
{
    public const string Section = "Wallet";

    /// <summary>SEIDs on the loss list (挂失): their applications get locked at the next login.</summary>
    public List<string> LostSeIds { get; set; } = [];

    /// <summary>Numbers that have left the network (销号): their SEs may be registered to a new number.</summary>
    public List<string> RetiredMsisdns { get; set; } = [];

    /// <summary>How long a registration token stays valid.</summary>
    public int TokenValidityDays { get; set; } = 30;

    /// <summary>How long a Personalized application waits for the provider's activation notice (seed 5.8.7.2).</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// The SE grain: applies the binding rules at login (seed 5.5.2), keeps the platform's view of the card (5.8.7),
/// queues tasks with one live link per SE (5.8.8) and relays the wallet's reports to the running task.
/// </summary>
public sealed partial class SeGrain(
    [PersistentState("se", GrainStorage.Name)] IPersistentState<SeGrainState> state,
    ICatalogue catalogue,
    IKeyService keyService,
    IOperationLog operationLog,
    ISeDirectory directory,
    IOptions<WalletOptions> walletOptions,
    IOptionsMonitor<OtaOptions> otaOptions,
    IEnumerable<ITaskEndListener> endListeners,
    IEnumerable<ITaskQueueListener> queueListeners,
    [FromKeyedServices(DomainClock.Key)] TimeProvider time,
    ILogger<SeGrain> logger) : Grain, ISeGrain
{
    /// <summary>Tasks this activation created: their grains have nothing stored yet (see <see cref="ITaskRunner.Advance"/>).</summary>
    private readonly HashSet<string> _createdHere = [];

    private string SeId => this.GetPrimaryKeyString();

    private SeBatch Batch => catalogue.FindBatch(SeId) ?? throw new RefusedException(RefusalCode.UnknownSe, "The SE is not in any SE batch of the platform.");

    private readonly ITaskEndListener[] _endListeners = [.. endListeners];

    public async Task<LoginOutcome> Login(LoginCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        _ = Batch;
        var options = walletOptions.Value;
        var s = state.State;
        // State is written only when the login changed it (most logins change nothing: a read, no write).
        var changed = ExpireActivations();
        TaskId? sessionTask = null;
        var queryOnly = false;
        if (options.LostSeIds.Contains(SeId, StringComparer.OrdinalIgnoreCase))
        {
            // A lost SE: lock every usable application (seed 5.5.2, last paragraph).
            foreach (var aid in s.Applications.Where(a => a.Value == ApplicationState.Useable && !s.LocksPending.Contains(a.Key)).Select(a => a.Key).ToList())
            {
                var taskId = Start(NewSpec(new LockOperation(aid), s.Msisdn ?? command.Msisdn, TaskChannel.Platform));
                s.LocksPending.Add(aid);
                sessionTask ??= taskId;
            }
            sessionTask ??= s.Pending.FirstOrDefault()?.Spec.Id;
            await state.WriteStateAsync();
            return new LoginOutcome(s.Registered, true, SessionId(sessionTask), Lists(true));
        }
        if (s.Msisdn is null || !s.Registered && s.Msisdn == command.Msisdn)
        {
            sessionTask = Register(command);
            changed = true;
        }
        else if (s.Msisdn == command.Msisdn)
        {
            if (!TokenMatches(command.Token))
                throw new RefusedException(RefusalCode.TokenMismatch, "The token read from the SE is not the one the platform issued.");
            if (s.TokenIssued is { } issued && issued.AddDays(options.TokenValidityDays) < Today())
            {
                sessionTask = Register(command); // rotate the expired token (seed 5.5.2)
                changed = true;
            }
        }
        else if (!options.RetiredMsisdns.Contains(s.Msisdn))
        {
            // Bound to another number still in service: query only (seed 5.5.2 3a).
            queryOnly = true;
        }
        else
        {
            // The old number left the network: register to the new one; the old number's apps stay undownloadable (3b).
            foreach (var aid in s.Applications.Keys)
                s.BlockedApplications.Add(aid);
            sessionTask = Register(command);
            changed = true;
        }
        if (s.Registered && !queryOnly)
            changed |= QueueDueKeyUpdates();
        sessionTask ??= s.Pending.FirstOrDefault()?.Spec.Id;
        if (changed)
            await state.WriteStateAsync();
        await operationLog.RecordAsync("login", SeId, command.Msisdn, null, queryOnly ? "query-only" : "ok", null);
        return new LoginOutcome(s.Registered, queryOnly, SessionId(sessionTask), Lists(queryOnly));
    }

    private TaskId Register(LoginCommand command)
    {
        var s = state.State;
        if (s.RegistrationTask is { } pending && s.FindPending(pending) is { } queued && s.Msisdn == command.Msisdn)
            return queued.Spec.Id;
        var token = keyService.DeriveToken(SeId, Today());
        s.Msisdn = command.Msisdn;
        s.ProtectedToken = keyService.Protect(token);
        s.TokenIssued = Today();
        var digest = SHA256.HashData(Encoding.ASCII.GetBytes(command.Imsi))[..8];
        var registration = new RegisterOperation(
            Convert.ToHexString(RegistrationData.EncodeMsisdn(command.Msisdn)), Convert.ToHexString(token), Convert.ToHexString(digest));
        var spec = NewSpec(registration, command.Msisdn, TaskChannel.Platform);
        CryptographicOperations.ZeroMemory(token);
        var id = Start(spec);
        s.RegistrationTask = id.GrainKey;
        return id;
    }

    private bool TokenMatches(string? presented)
    {
        if (state.State.ProtectedToken is null)
            return true;
        if (presented is null)
            return false;
        byte[] expected = keyService.Unprotect(state.State.ProtectedToken);
        try
        {
            return CryptographicOperations.FixedTimeEquals(expected, RegistrationData.TokenOf(Convert.FromHexString(presented)));
        }
        catch (FormatException)
        {
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(expected);
        }
    }

    public async Task<TaskTicket> Submit(OperationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var batch = Batch;
        var s = state.State;
        if (request.Channel == TaskChannel.Provider)
            return await SubmitForProvider(request, batch);
        // The wallet, the business hall and a push act for the bound number; the platform names the SE only.
        if (!s.Registered || (request.Channel != TaskChannel.Platform && s.Msisdn != request.Msisdn))
            throw new RefusedException(RefusalCode.NotRegisteredToCaller, "The SE is not registered to this MSISDN.");
        var app = Validate(request, batch);
        // Requirement 5.8.8: a new request replaces an older one of its channel that has not started (not the platform's).
        var replaced = false;
        if (request.Channel != TaskChannel.Platform)
        {
            foreach (var waiting in s.Pending.Skip(1).Where(p => p.Spec.Channel == request.Channel).ToList())
            {
                await GrainFactory.GetGrain<ITaskRunner>(waiting.TaskId).Abort(waiting, _createdHere.Remove(waiting.TaskId), "replaced by a newer request");
                s.Pending.Remove(waiting);
                replaced = true;
            }
        }
        var taskId = Start(SpecFor(request, app, string.IsNullOrEmpty(request.Msisdn) ? s.Msisdn ?? "" : request.Msisdn));
        await state.WriteStateAsync();
        if (replaced)
            await NotifyQueueChangedAsync();
        return new TaskTicket(taskId);
    }

    /// <summary>The task spec of an accepted request: SD operations and personalization get their keys and checks here.</summary>
    private TaskSpec SpecFor(OperationRequest request, ApplicationDefinition? app, string msisdn)
    {
        var spec = NewSpec(request.Operation, msisdn, request.Channel) with { Provider = request.Provider };
        return request.Operation switch
        {
            DownloadOperation => WithSecurityDomainFirst(app!, spec),
            DeleteOperation => WithSecurityDomainDeletion(app!, spec),
            _ => PrepareExtendedTask(request, spec),
        };
    }

    /// <summary>The checks of an operation on this SE's state and the catalogue, shared by every channel; the application concerned.</summary>
    private ApplicationDefinition? Validate(OperationRequest request, SeBatch batch)
    {
        if (request.Operation is not ApplicationOperation operation)
            return null;
        var s = state.State;
        var app = catalogue.FindApplication(operation.ApplicationAid)
            ?? throw new RefusedException(RefusalCode.UnknownApplication, $"Application {operation.ApplicationAid} is not in the catalogue.");
        if (operation is DownloadOperation)
        {
            if (app.Status != ApplicationStatus.Published)
                throw new RefusedException(RefusalCode.ApplicationNotPublished, "Only published applications can be downloaded.");
            if (app.Batches.Count > 0 && !app.Batches.Contains(batch.Id))
                throw new RefusedException(RefusalCode.BatchNotSupported, $"The application does not support SE batch {batch.Id}.");
            if (s.BlockedApplications.Contains(app.Aid))
                throw new RefusedException(RefusalCode.ApplicationBlocked, "The application was ordered by the SE's previous number; it must be unsubscribed first.");
            if (!s.LoadFilePresent.GetValueOrDefault(app.Aid) && s.Facts?.FreeNonVolatile is { } free)
            {
                // What the SE last reported; the engine checks again with the figure it reads before the first LOAD.
                var needed = (long)catalogue.GetCap(app).LoadFileDataBlock.Size + app.NonVolatileData;
                if (needed > free)
                    throw new RefusedException(RefusalCode.NotEnoughSpace, $"The application needs {needed} bytes of non-volatile memory; the SE has {free} free.");
            }
        }
        if (ApplicationLifecycle.Check(operation.Kind, s.Applications.GetValueOrDefault(app.Aid, ApplicationState.Ready), request.Channel) is { } refusal)
            throw refusal.AsException();
        return app;
    }

    public async Task<ExchangeResult> Exchange(TaskId id, int? answering, IReadOnlyList<string> responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        var s = state.State;
        var taskId = id.GrainKey;
        var task = GrainFactory.GetGrain<ITaskRunner>(taskId);
        var queued = s.FindPending(taskId);
        if (queued is null)
            return new ExchangeResult(null, false, await EndedTask(id, RefusalCode.UnknownSession));
        if (s.Pending[0] != queued)
            return new ExchangeResult(null, true, queued.QueuedView()); // queued behind the live task (seed 5.8.8)
        TaskAdvance advance;
        try
        {
            advance = await task.Advance(queued, _createdHere.Contains(taskId), answering, responses);
        }
        catch (Exception ex) when (ex is not RefusedException)
        {
            Forget(taskId);
            throw;
        }
        var view = GrainFactory.GetGrain<ITaskGrain>(taskId);
        if (advance.Order is not null)
            return new ExchangeResult(advance.Order, false, await view.View() ?? queued.QueuedView());
        await Complete(queued, advance);
        return new ExchangeResult(null, false, await view.View() ?? queued.QueuedView());
    }

    /// <summary>
    /// After a failed call to a task grain its fate is unknown: on a cluster, the silo it lived on may have died after
    /// it stored the task's end and before the answer came back. The next activation must then read that end rather
    /// than start the task again with nothing stored (and fail to store its second end over the first).
    /// </summary>
    private void Forget(string taskId) => _createdHere.Remove(taskId);

    /// <summary>A task of this SE that has ended (its own grain holds the outcome), or a refusal.</summary>
    private async Task<TaskView> EndedTask(TaskId id, RefusalCode unknown)
    {
        var view = await GrainFactory.GetGrain<ITaskGrain>(id.GrainKey).View();
        return view is not null && string.Equals(view.SeId, SeId, StringComparison.OrdinalIgnoreCase)
            ? view
            : throw new RefusedException(unknown, "No such task on this SE.");
    }

    private async Task Complete(QueuedTask queued, TaskAdvance advance)
    {
        var s = state.State;
        var spec = queued.Spec;
        var taskId = queued.TaskId;
        s.Pending.Remove(queued);
        _createdHere.Remove(taskId);
        var outcome = advance.Outcome!;
        if (advance.Facts is { } facts)
            s.Facts = Merge(s.Facts, facts);
        var before = new Dictionary<string, ApplicationState>(s.Applications, StringComparer.OrdinalIgnoreCase);
        Apply(spec, outcome, advance.Facts);
        ApplySecurityDomain(spec, outcome, advance.Facts);
        if (spec.Kind == OperationKind.Register && outcome.State == TaskState.Succeeded)
            await directory.BindAsync(SeId, spec.Msisdn);
        var detail = outcome.StatusWord is null ? outcome.Reason : $"{outcome.Reason} (SW {outcome.StatusWord})";
        if (spec.Kind == OperationKind.Sync && outcome.State == TaskState.Succeeded)
            detail = Differences(before, s.Applications);
        // Recorded under the task's id: if this silo dies before the state below is written, the task is completed again
        // from its stored end, and the record written again is ignored.
        await operationLog.RecordAsync(spec.Kind.Name(), SeId, spec.Msisdn, spec.ApplicationAid ?? spec.SecurityDomainAid,
            outcome.State.ToString().ToLowerInvariant(), detail, spec.Id.Value, ActorOf(spec));
        await state.WriteStateAsync();
        await NotifyEndedAsync(spec, outcome);
        await NotifyQueueChangedAsync();
        SeLog.TaskDone(logger, SeId, taskId, outcome.State);
    }

    /// <summary>Moves the application through the states of seed 5.8.7.2 after a finished task.</summary>
    private void Apply(TaskSpec spec, TaskOutcome outcome, CardFacts? facts)
    {
        var s = state.State;
        var aid = spec.ApplicationAid;
        if (spec.Kind == OperationKind.Register)
        {
            s.Registered = outcome.State == TaskState.Succeeded;
            s.RegistrationTask = null;
            return;
        }
        if (spec.Kind == OperationKind.Sync && facts?.Instances is { } instances)
        {
            foreach (var app in catalogue.Applications)
            {
                var onCard = app.Instances.All(i => instances.ContainsKey(i.InstanceAid));
                var locked = onCard && app.Instances.Any(i => (instances[i.InstanceAid] & 0x80) != 0);
                var loaded = facts.LoadFiles?.ContainsKey(app.LoadFileAid) == true;
                s.Applications[app.Aid] = locked ? ApplicationState.Locked
                    : onCard ? (s.Applications.GetValueOrDefault(app.Aid) is ApplicationState.Personalized ? ApplicationState.Personalized : ApplicationState.Useable)
                    : loaded ? ApplicationState.Loaded : ApplicationState.Ready;
                s.LoadFilePresent[app.Aid] = loaded;
            }
            return;
        }
        if (aid is null)
            return;
        if (spec.Kind == OperationKind.Lock)
            s.LocksPending.Remove(aid);
        var definition = catalogue.FindApplication(aid);
        var traits = new ApplicationTraits(definition?.NeedsPersonalization ?? false, definition?.NeedsActivation ?? false);
        var succeeded = outcome.State == TaskState.Succeeded;
        var loadFileOnCard = definition is not null && facts?.LoadFiles is { } files && files.ContainsKey(definition.LoadFileAid);
        var end = (succeeded, spec.Kind) switch
        {
            (true, OperationKind.Delete) when facts?.LoadFileKept == true => TaskEnd.SucceededKeepingLoadFile,
            (true, _) => TaskEnd.Succeeded,
            (false, OperationKind.Download) when loadFileOnCard => TaskEnd.FailedWithLoadFile,
            _ => TaskEnd.Failed,
        };
        var before = s.Applications.GetValueOrDefault(aid, ApplicationState.Ready);
        var after = ApplicationLifecycle.After(spec.Kind, before, end, traits);
        if (after == before && end == TaskEnd.Failed)
            return;
        s.Applications[aid] = after;
        if (after == ApplicationState.Personalized && before != ApplicationState.Personalized)
            s.PersonalizedAt[aid] = time.GetUtcNow();
        if (succeeded && spec.Kind == OperationKind.Download)
            s.LoadFilePresent[aid] = true;
        if (succeeded && spec.Kind == OperationKind.Delete)
        {
            if (after == ApplicationState.Loaded)
                s.LoadFilePresent[aid] = true;
            else
                s.LoadFilePresent.Remove(aid);
            s.BlockedApplications.Remove(aid);
        }
    }

    /// <summary>Who asked for a task, as operation records name it.</summary>
    private static string? ActorOf(TaskSpec spec) => spec.Channel switch
    {
        TaskChannel.Provider => "sp:" + spec.ServiceProvider,
        TaskChannel.Platform => "platform",
        TaskChannel.BusinessHall => "business-hall:" + spec.Msisdn,
        _ => null,
    };

    /// <summary>What an info sync changed in the platform's view (seed 5.8.4.5: differences are recorded).</summary>
    private static string Differences(Dictionary<string, ApplicationState> before, Dictionary<string, ApplicationState> after)
    {
        var changes = after
            .Where(a => before.GetValueOrDefault(a.Key, ApplicationState.Ready) != a.Value)
            .Select(a => $"{a.Key}: {before.GetValueOrDefault(a.Key, ApplicationState.Ready)} -> {a.Value}")
            .ToList();
        return changes.Count == 0 ? "no differences" : "differences: " + string.Join("; ", changes);
    }

    /// <summary>Personalized applications not activated in time go back to Instantiated (seed 5.8.7.2).</summary>
    private bool ExpireActivations()
    {
        var now = time.GetUtcNow();
        var expired = false;
        foreach (var (aid, since) in state.State.PersonalizedAt.ToList())
        {
            var current = state.State.Applications.GetValueOrDefault(aid);
            if (ApplicationLifecycle.Expired(current, since, now, walletOptions.Value.ActivationTimeout) != current)
            {
                state.State.Applications[aid] = ApplicationState.Instantiated;
                state.State.PersonalizedAt.Remove(aid);
                expired = true;
            }
        }
        return expired;
    }

    private static CardFacts Merge(CardFacts? old, CardFacts facts) => old is null ? facts : new CardFacts
    {
        FreeNonVolatile = facts.FreeNonVolatile ?? old.FreeNonVolatile,
        FreeVolatile = facts.FreeVolatile ?? old.FreeVolatile,
        Cplc = facts.Cplc ?? old.Cplc,
        KeyVersion = facts.KeyVersion ?? old.KeyVersion,
        KeyVersions = facts.KeyVersions ?? old.KeyVersions,
        SequenceCounter = facts.SequenceCounter ?? old.SequenceCounter,
        LoadFiles = facts.LoadFiles ?? old.LoadFiles,
        Instances = facts.Instances ?? old.Instances,
    };

    public async Task<TaskView> GetTask(TaskId id)
    {
        var s = state.State;
        if (s.FindPending(id.GrainKey) is not { } queued)
            return await EndedTask(id, RefusalCode.UnknownTask);
        if (queued != s.Pending[0])
            return queued.QueuedView();
        // The live task: its grain knows the progress once it has run (before that it has no state of its own).
        return await GrainFactory.GetGrain<ITaskGrain>(id.GrainKey).View() ?? queued.QueuedView();
    }

    public async Task<IReadOnlyList<TaskView>> ListTasks()
    {
        var views = new List<TaskView>();
        foreach (var queued in state.State.Pending)
            views.Add(await GetTask(queued.Spec.Id));
        return views;
    }

    public async Task Abort(TaskId id)
    {
        var taskId = id.GrainKey;
        if (state.State.FindPending(taskId) is not { } queued)
            throw new RefusedException(RefusalCode.UnknownTask, "No such task waiting or running on this SE.");
        try
        {
            await GrainFactory.GetGrain<ITaskRunner>(taskId).Abort(queued, _createdHere.Contains(taskId), "aborted by an operator");
        }
        catch (Exception ex) when (ex is not RefusedException)
        {
            Forget(taskId);
            throw;
        }
        await Complete(queued, new TaskAdvance(null, new TaskOutcome(TaskState.Aborted, "aborted by an operator"), null));
    }

    public Task<IReadOnlyDictionary<string, ApplicationState>> ApplicationStates() =>
        Task.FromResult<IReadOnlyDictionary<string, ApplicationState>>(new Dictionary<string, ApplicationState>(state.State.Applications));

    private ApplicationLists Lists(bool queryOnly)
    {
        var s = state.State;
        var download = new List<string>();
        var delete = new List<string>();
        var lockable = new List<string>();
        var unlockable = new List<string>();
        var batch = catalogue.FindBatch(SeId);
        foreach (var app in catalogue.Applications.Where(a => a.Status == ApplicationStatus.Published))
        {
            if (batch is not null && app.Batches.Count > 0 && !app.Batches.Contains(batch.Id))
                continue;
            var actions = ApplicationLifecycle.Actions(s.Applications.GetValueOrDefault(app.Aid, ApplicationState.Ready), s.BlockedApplications.Contains(app.Aid));
            if (actions.HasFlag(ApplicationActions.Download))
                download.Add(app.Aid);
            if (actions.HasFlag(ApplicationActions.Delete))
                delete.Add(app.Aid);
            if (actions.HasFlag(ApplicationActions.Lock))
                lockable.Add(app.Aid);
            if (actions.HasFlag(ApplicationActions.Unlock))
                unlockable.Add(app.Aid);
        }
        return queryOnly
            ? new ApplicationLists([], [], [], [])
            : new ApplicationLists(download, delete, lockable, unlockable);
    }

    private TaskId Start(TaskSpec spec)
    {
        var s = state.State;
        var aid = spec.ApplicationAid;
        var definition = aid is null ? null : catalogue.FindApplication(aid);
        var loadFilePresent = aid is not null && s.LoadFilePresent.GetValueOrDefault(aid);
        IReadOnlyList<string> instances = definition is not null && s.Applications.GetValueOrDefault(aid!) is ApplicationState.Instantiated
            ? [.. definition.Instances.Select(i => i.InstanceAid)]
            : [];
        s.Pending.Add(new QueuedTask(spec, loadFilePresent, instances));
        _createdHere.Add(spec.TaskId);
        return spec.Id;
    }

    private TaskSpec NewSpec(OperationSpec operation, string msisdn, TaskChannel channel) => new()
    {
        Id = TaskId.New(SeId),
        Operation = operation,
        Msisdn = msisdn,
        Channel = channel,
        CreatedAt = time.GetUtcNow(),
        SecurityLevel = SecurityLevelFor(operation),
    };

    /// <summary>
    /// The security level of a task's secure channels (requirement 5.8.9.2), read when the task is accepted: the SD's
    /// definition's when the operation names an SD that sets one, else the SE batch's, else the platform's default.
    /// </summary>
    private byte SecurityLevelFor(OperationSpec operation)
    {
        var sdAid = operation switch
        {
            CreateSecurityDomainOperation create => create.SecurityDomainAid,
            UpdateSecurityDomainKeysOperation update => update.SecurityDomainAid,
            DeleteSecurityDomainOperation delete => delete.SecurityDomainAid,
            ApplicationOperation application => catalogue.FindApplication(application.ApplicationAid)?.SecurityDomainAid,
            _ => null,
        };
        var sd = string.IsNullOrEmpty(sdAid) ? null : catalogue.FindSecurityDomain(sdAid);
        return sd?.SecurityLevel ?? catalogue.FindBatch(SeId)?.SecurityLevel ?? otaOptions.CurrentValue.SecurityLevel;
    }

    /// <summary>The SERAM sessionId of a task is its wire id, so the gateway routes a report without a look-up.</summary>
    private static string? SessionId(TaskId? taskId) => taskId?.ToString();

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}

internal static partial class SeLog
{
    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "SE {SeId}: task {TaskId} ended {State}")]
    public static partial void TaskDone(ILogger logger, string seId, string taskId, TaskState state);
}
