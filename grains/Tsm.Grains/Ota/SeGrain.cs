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

/// <summary>
/// The SE grain (docs/architecture.md, "SE grain and its domain types"): an orchestrator that loads the SE's state,
/// asks the domain types what to do — <see cref="BindingRules"/> at login (requirement 5.5.2),
/// <see cref="ApplicationOnSe"/> for each application (5.8.7.2), the <see cref="SecurityDomainLedger"/> for the SDs
/// (5.8.3, 5.3.1), the <see cref="TaskQueue"/> for one live link per SE (5.8.8) — persists, and notifies. It relays the
/// wallet's reports to the running task.
/// </summary>
public sealed partial class SeGrain(
    [PersistentState("se", GrainStorage.Name)] IPersistentState<SeGrainState> state,
    ICatalogue catalogue,
    IHomeProvinces homeProvinces,
    IKeyService keyService,
    IOperationLog operationLog,
    ISeDirectory directory,
    IOptionsMonitor<WalletOptions> walletOptions,
    IOptionsMonitor<OtaOptions> otaOptions,
    IEnumerable<ITaskEndListener> endListeners,
    IEnumerable<ITaskQueueListener> queueListeners,
    [FromKeyedServices(DomainClock.Key)] TimeProvider time,
    ILogger<SeGrain> logger) : Grain, ISeGrain
{
    /// <summary>Tasks this activation created: their grains have nothing stored yet (see <see cref="ITaskRunner.Advance"/>).</summary>
    private readonly HashSet<string> _createdHere = [];

    private readonly ITaskEndListener[] _endListeners = [.. endListeners];

    private string SeId => this.GetPrimaryKeyString();

    private SeBatch Batch => catalogue.FindBatch(SeId) ?? throw new RefusedException(RefusalCode.UnknownSe, "The SE is not in any SE batch of the platform.");

    private SeApplications Applications => new(state.State.Applications);

    private SecurityDomainLedger Ledger => new(state.State.SecurityDomains);

    private TaskQueue Queue => new(state.State.Pending);

    private AcceptedRequests Accepted => new(state.State.AcceptedRequests);

    private bool Lost => walletOptions.CurrentValue.LostSeIds.Contains(SeId, StringComparer.OrdinalIgnoreCase);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A state written before the applications and SDs were records is read in the former layout (written anew at the next change).
        state.State.Upgrade();
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<LoginOutcome> Login(LoginCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        _ = Batch;
        var options = walletOptions.CurrentValue;
        var s = state.State;
        // The binding ended: by the BOSS's notice (whoever logs in now), or by the configured list, which frees the SE for
        // another number only (a proven number on a static list is a number given out again, not one that left).
        var ended = s.NumberDeparted || s.Msisdn is { } bound && bound != command.Msisdn && options.RetiredMsisdns.Contains(bound);
        var binding = new SeBinding(s.Msisdn, s.Registered, s.TokenIssued, Lost, ended);
        var proven = command.NetworkAsserted || command.Code is { } code && await ProveAsync(command.Msisdn, code);
        var decision = BindingRules.Decide(binding, new LoginAttempt(command.Msisdn, TokenMatches(command.Token), Today(), proven), options.TokenValidityDays);
        if (decision.Verdict == BindingVerdict.ProofRequired && command.Code is not null)
            throw new RefusedException(RefusalCode.RegistrationCodeInvalid, "The registration code is wrong, spent or expired: request a new one.");
        if (decision.Refusal is { } refusal)
            throw refusal.AsException();
        // State is written only when the login changed it (most logins change nothing: a read, no write).
        var changed = Applications.ExpireActivations(time.GetUtcNow(), options.ActivationTimeout);
        changed |= Applications.KnowPresets(Batch.PresetApplications, time.GetUtcNow());
        TaskId? sessionTask = null;
        if (decision.LocksUseableApplications)
        {
            foreach (var aid in Applications.ToLock())
            {
                var taskId = Start(NewSpec(new LockOperation(aid), s.Msisdn ?? command.Msisdn, TaskChannel.Platform));
                Applications[aid] = Applications[aid] with { LockPending = true };
                sessionTask ??= taskId;
                changed = true;
            }
        }
        if (decision.BlocksPreviousNumbersApplications)
            Applications.BlockPreviousNumbersApplications();
        if (decision.Registers)
        {
            sessionTask = await RegisterAsync(command);
            changed = true;
        }
        if (decision.QueuesDueKeyUpdates)
            changed |= QueueDueKeyUpdates();
        // A wallet of another number may look, never drive the owner's tasks (docs/security.md, "Wallets").
        if (decision.Verdict != BindingVerdict.AnotherNumber)
            sessionTask ??= Queue.Live?.Spec.Id;
        if (changed)
            await state.WriteStateAsync();
        if (decision.Verdict != BindingVerdict.Lost)
            await operationLog.RecordAsync("login", SeId, command.Msisdn, null, decision.QueryOnly ? "query-only" : "ok", null);
        var home = catalogue.Applications.Any(a => a.Provinces.Count > 0) ? await HomeProvinceAsync(null) : null;
        return new LoginOutcome(s.Registered, decision.QueryOnly, SessionId(sessionTask), Lists(decision.QueryOnly, home), s.AccessGeneration);
    }

    private async Task<TaskId> RegisterAsync(LoginCommand command)
    {
        var s = state.State;
        if (s.RegistrationTask is { } pending && Queue.Find(TaskId.FromGrainKey(SeId, pending)) is { } queued)
        {
            if (s.Msisdn == command.Msisdn)
                return queued.Spec.Id;
            // A registration to another number not yet written to the card: the number proven last replaces it.
            await GrainFactory.GetGrain<ITaskRunner>(queued.TaskId).Abort(queued, _createdHere.Remove(queued.TaskId), "replaced by a registration to another proven number");
            Queue.Remove(queued);
            s.RegistrationTask = null;
        }
        // A new binding: refresh tokens issued for an earlier one stop working.
        if (s.Msisdn != command.Msisdn)
            s.AccessGeneration++;
        s.NumberDeparted = false;
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

    /// <summary>Whether the token a wallet presents is the one the platform issued (true while none was issued).</summary>
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
        // The same request again (a client's retry, perhaps through another gateway after a failover) gets its task.
        if (request.RequestKey is { } key && Accepted.TaskFor(key, time.GetUtcNow()) is { } earlier)
            return new TaskTicket(TaskId.FromGrainKey(SeId, earlier));
        if (request.Channel == TaskChannel.Provider)
            return await SubmitForProvider(request, batch);
        // The wallet, the business hall and a push act for the bound number; the platform names the SE only.
        if (!s.Registered || (request.Channel != TaskChannel.Platform && (s.Msisdn != request.Msisdn || s.NumberDeparted)))
            throw new RefusedException(RefusalCode.NotRegisteredToCaller, "The SE is not registered to this MSISDN.");
        var app = Validate(request, batch, await HomeProvinceFor(request));
        // Requirement 5.8.8: a new request replaces an older one of its channel that has not started (not the platform's).
        var replaced = false;
        foreach (var waiting in Queue.ReplacedBy(request.Channel))
        {
            await GrainFactory.GetGrain<ITaskRunner>(waiting.TaskId).Abort(waiting, _createdHere.Remove(waiting.TaskId), "replaced by a newer request");
            Queue.Remove(waiting);
            replaced = true;
        }
        var taskId = Start(SpecFor(request, app, string.IsNullOrEmpty(request.Msisdn) ? s.Msisdn ?? "" : request.Msisdn));
        RememberRequest(request, taskId);
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
    private ApplicationDefinition? Validate(OperationRequest request, SeBatch batch, string? homeProvince)
    {
        if (request.Operation is not ApplicationOperation operation)
            return null;
        var app = catalogue.FindApplication(operation.ApplicationAid)
            ?? throw new RefusedException(RefusalCode.UnknownApplication, $"Application {operation.ApplicationAid} is not in the catalogue.");
        if (CatalogueOffer.Check(operation.Kind, app, batch, OfferTargetFor(app, request.Msisdn, homeProvince)) is { } offer)
            throw offer.AsException();
        if (operation is DownloadOperation && !Applications[app.Aid].LoadFilePresent && state.State.Facts?.FreeNonVolatile is { } free)
        {
            // What the SE last reported; the engine checks again with the figures it reads before the first LOAD.
            var needed = CodeToLoad(app) + app.NonVolatileData;
            if (needed > free)
                throw new RefusedException(RefusalCode.NotEnoughSpace, $"The application needs {needed} bytes of non-volatile memory; the SE has {free} free.");
        }
        if (Applications[app.Aid].Check(operation.Kind, request.Channel) is { } refusal)
            throw refusal.AsException();
        return app;
    }

    public async Task<ExchangeResult> Exchange(TaskId id, int? answering, IReadOnlyList<string> responses, string? agentError = null)
    {
        ArgumentNullException.ThrowIfNull(responses);
        var taskId = id.GrainKey;
        var task = GrainFactory.GetGrain<ITaskRunner>(taskId);
        var queued = Queue.Find(id);
        if (queued is null)
            return new ExchangeResult(null, false, await EndedTask(id, RefusalCode.UnknownSession));
        if (!Queue.IsLive(queued))
            return new ExchangeResult(null, true, queued.QueuedView()); // queued behind the live task (requirement 5.8.8)
        TaskAdvance advance;
        try
        {
            advance = await task.Advance(queued, _createdHere.Contains(taskId), answering, responses, agentError);
        }
        catch (Exception ex) when (ex is not RefusedException)
        {
            Forget(taskId);
            throw;
        }
        // The task's view comes with its answer: one call to the task grain per report (a task grain on a silo of the
        // previous version, during a rolling upgrade, sends none: then it is asked while it runs).
        if (advance.Order is not null)
            return new ExchangeResult(advance.Order, false, advance.View ?? await GrainFactory.GetGrain<ITaskGrain>(taskId).View() ?? queued.QueuedView());
        await Complete(queued, advance);
        // The task grain is released with its end: the view comes from what it answered.
        return new ExchangeResult(null, false, advance.View ?? queued.Spec.EndedView(advance.Outcome!));
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
        var view = RecentlyEnded(id)?.View ?? await GrainFactory.GetGrain<ITaskGrain>(id.GrainKey).Ended();
        return view is not null && string.Equals(view.SeId, SeId, StringComparison.OrdinalIgnoreCase)
            ? view
            : throw new RefusedException(unknown, "No such task on this SE.");
    }

    private async Task Complete(QueuedTask queued, TaskAdvance advance)
    {
        var s = state.State;
        var spec = queued.Spec;
        var taskId = queued.TaskId;
        Queue.Remove(queued);
        _createdHere.Remove(taskId);
        var outcome = advance.Outcome!;
        if (advance.Facts is { } facts)
            s.Facts = Merge(s.Facts, facts);
        // The free memory a task read, for queries over many SEs (requirement 5.6.7.3).
        if (advance.Facts is { FreeNonVolatile: not null } or { FreeVolatile: not null })
            await directory.RecordSpaceAsync(SeId, advance.Facts.FreeNonVolatile, advance.Facts.FreeVolatile);
        var before = spec.Kind == OperationKind.Sync ? Applications.States() : null;
        Apply(spec, outcome, advance.Facts);
        ApplySecurityDomain(spec, outcome, advance.Facts);
        if (spec.Kind == OperationKind.Register && outcome.State == TaskState.Succeeded)
            await directory.BindAsync(SeId, spec.Msisdn);
        // The task grain recorded the end under the task's id (TaskEndRecord); a sync's differences replace its detail.
        // If this silo dies before the state below is written, the task is completed again from that record.
        if (before is not null && outcome.State == TaskState.Succeeded)
            await TaskEndRecord.WriteAsync(operationLog, spec, outcome, SeApplications.Differences(before, Applications.States()), replace: true);
        await state.WriteStateAsync();
        RememberEnded(spec, outcome);
        await NotifyEndedAsync(spec, outcome);
        await NotifyQueueChangedAsync();
        SeLog.TaskDone(logger, SeId, taskId, outcome.State);
    }

    /// <summary>What a finished task changed in the binding and the applications (requirements 5.5.2, 5.8.7.2).</summary>
    private void Apply(TaskSpec spec, TaskOutcome outcome, CardFacts? facts)
    {
        var s = state.State;
        var succeeded = outcome.State == TaskState.Succeeded;
        if (spec.Kind == OperationKind.Register)
        {
            s.Registered = succeeded;
            s.RegistrationTask = null;
            return;
        }
        if (spec.Kind == OperationKind.Sync && facts is not null)
        {
            Applications.Sync(catalogue.Applications, facts, time.GetUtcNow());
            return;
        }
        if (spec.ApplicationAid is not { } aid)
            return;
        var definition = catalogue.FindApplication(aid);
        var traits = new ApplicationTraits(definition?.NeedsPersonalization ?? false, definition?.NeedsActivation ?? false);
        var loadFileOnCard = definition is not null && facts?.LoadFiles is { } files && files.ContainsKey(definition.LoadFileAid);
        var end = ApplicationLifecycle.EndOf(spec.Kind, succeeded, facts?.LoadFileKept == true, loadFileOnCard);
        var current = Applications[aid];
        var next = current.After(spec.Kind, end, traits, time.GetUtcNow());
        if (next != current)
            Applications[aid] = next;
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
        if (Queue.Find(id) is not { } queued)
            return await EndedTask(id, RefusalCode.UnknownTask);
        if (!Queue.IsLive(queued))
            return queued.QueuedView();
        // The live task: its grain knows the progress once it has run (before that it has no state of its own).
        return await GrainFactory.GetGrain<ITaskGrain>(id.GrainKey).View() ?? queued.QueuedView();
    }

    public async Task<IReadOnlyList<TaskView>> ListTasks()
    {
        var views = new List<TaskView>();
        foreach (var queued in Queue.All)
            views.Add(await GetTask(queued.Spec.Id));
        return views;
    }

    public async Task Abort(TaskId id)
    {
        var taskId = id.GrainKey;
        if (Queue.Find(id) is not { } queued)
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

    public Task<IReadOnlyDictionary<string, ApplicationState>> ApplicationStates() => Task.FromResult(Applications.States());

    /// <summary>What the wallet may ask next, per published application of the SE's batch (empty lists for query only).</summary>
    private ApplicationLists Lists(bool queryOnly, string? homeProvince)
    {
        if (queryOnly)
            return new ApplicationLists([], [], [], []);
        var download = new List<string>();
        var delete = new List<string>();
        var lockable = new List<string>();
        var unlockable = new List<string>();
        var batch = catalogue.FindBatch(SeId);
        foreach (var app in catalogue.Applications.Where(a => a.Status == ApplicationStatus.Published))
        {
            if (batch is not null && app.Batches.Count > 0 && !app.Batches.Contains(batch.Id, StringComparer.OrdinalIgnoreCase))
                continue;
            var target = OfferTargetFor(app, null, homeProvince);
            var actions = Applications[app.Aid].Actions;
            if (actions.HasFlag(ApplicationActions.Download) && CatalogueOffer.Offered(app, batch, target))
                download.Add(app.Aid);
            if (actions.HasFlag(ApplicationActions.Delete))
                delete.Add(app.Aid);
            if (actions.HasFlag(ApplicationActions.Lock))
                lockable.Add(app.Aid);
            if (actions.HasFlag(ApplicationActions.Unlock) && !target.ProviderBlocked)
                unlockable.Add(app.Aid);
        }
        return new ApplicationLists(download, delete, lockable, unlockable);
    }

    private void RememberRequest(OperationRequest request, TaskId taskId)
    {
        if (request.RequestKey is { } key)
            Accepted.Remember(key, taskId.GrainKey, time.GetUtcNow());
    }

    /// <summary>Queues a task; the task grain gets what the platform knows of the application's content on the card.</summary>
    private TaskId Start(TaskSpec spec)
    {
        var aid = spec.ApplicationAid;
        var onSe = aid is null ? ApplicationOnSe.Absent : Applications[aid];
        var definition = aid is null ? null : catalogue.FindApplication(aid);
        IReadOnlyList<string> instances = definition is not null && onSe.State is ApplicationState.Instantiated
            ? [.. definition.Instances.Select(i => i.InstanceAid)]
            : [];
        Queue.Enqueue(new QueuedTask(spec, onSe.LoadFilePresent, instances));
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
