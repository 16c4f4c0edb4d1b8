using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Keys;

namespace Tsm.Grains.Ota;

[GenerateSerializer]
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

/// <summary>Records operations for people to query (who, what, when, SE, MSISDN, application, result).</summary>
public interface IOperationLog
{
    /// <summary>
    /// Records one operation. With a <c>recordId</c> (a task's end is recorded under its task id) the record is written
    /// once: a record written again with an id already recorded is ignored. <c>actor</c> (who asked) is "wallet:MSISDN"
    /// when null, else "sp:PROVIDER", "platform" or "business-hall:MSISDN".
    /// </summary>
    Task RecordAsync(string operation, string seId, string msisdn, string? applicationAid, string result, string? detail, Guid? recordId = null, string? actor = null);
}

/// <summary>Keeps the MSISDN each registered SE is bound to, for messages that name a number rather than an SE (MO SMS).</summary>
public interface ISeDirectory
{
    Task BindAsync(string seId, string msisdn);
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
    TimeProvider time,
    ILogger<SeGrain> logger) : Grain, ISeGrain
{
    /// <summary>Tasks this activation created: their grains have nothing stored yet (see <see cref="ITaskGrain.Advance"/>).</summary>
    private readonly HashSet<string> _createdHere = [];

    private string SeId => this.GetPrimaryKeyString();

    private SeBatch Batch => catalogue.FindBatch(SeId) ?? throw new OtaRequestException(404, "Unknown SE", "The SE is not in any SE batch of the platform.");

    public async Task<LoginOutcome> Login(LoginCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        _ = Batch;
        var options = walletOptions.Value;
        var s = state.State;
        // State is written only when the login changed it (most logins change nothing: a read, no write).
        var changed = ExpireActivations();
        string? sessionTask = null;
        var queryOnly = false;
        if (options.LostSeIds.Contains(SeId, StringComparer.OrdinalIgnoreCase))
        {
            // A lost SE: lock every usable application (seed 5.5.2, last paragraph).
            foreach (var aid in s.Applications.Where(a => a.Value == ApplicationState.Useable && !s.LocksPending.Contains(a.Key)).Select(a => a.Key).ToList())
            {
                var taskId = Start(NewSpec(OperationKind.Lock, aid, s.Msisdn ?? command.Msisdn, "platform"));
                s.LocksPending.Add(aid);
                sessionTask ??= taskId;
            }
            sessionTask ??= s.Pending.FirstOrDefault()?.TaskId;
            await state.WriteStateAsync();
            return new LoginOutcome(s.Registered, true, sessionTask is null ? null : SessionId(sessionTask), Lists(true));
        }
        if (s.Msisdn is null || !s.Registered && s.Msisdn == command.Msisdn)
        {
            sessionTask = Register(command);
            changed = true;
        }
        else if (s.Msisdn == command.Msisdn)
        {
            if (!TokenMatches(command.Token))
                throw new OtaRequestException(401, "Token mismatch", "The token read from the SE is not the one the platform issued.");
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
        sessionTask ??= s.Pending.FirstOrDefault()?.TaskId;
        if (changed)
            await state.WriteStateAsync();
        await operationLog.RecordAsync("login", SeId, command.Msisdn, null, queryOnly ? "query-only" : "ok", null);
        return new LoginOutcome(s.Registered, queryOnly, sessionTask is null ? null : SessionId(sessionTask), Lists(queryOnly));
    }

    private string Register(LoginCommand command)
    {
        var s = state.State;
        if (s.RegistrationTask is { } pending && s.FindPending(pending) is not null && s.Msisdn == command.Msisdn)
            return pending;
        var token = keyService.DeriveToken(SeId, Today());
        s.Msisdn = command.Msisdn;
        s.ProtectedToken = keyService.Protect(token);
        s.TokenIssued = Today();
        var digest = SHA256.HashData(Encoding.ASCII.GetBytes(command.Imsi))[..8];
        var spec = NewSpec(OperationKind.Register, null, command.Msisdn, "platform") with
        {
            RegistrationMsisdn = Convert.ToHexString(BcdMsisdn(command.Msisdn)),
            RegistrationToken = Convert.ToHexString(token),
            RegistrationImsiDigest = Convert.ToHexString(digest),
        };
        CryptographicOperations.ZeroMemory(token);
        s.RegistrationTask = Start(spec);
        return s.RegistrationTask;
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
            return CryptographicOperations.FixedTimeEquals(expected, TokenOf(Convert.FromHexString(presented)));
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

    /// <summary>The token itself, whether the wallet sent it bare or as the whole table 5-1 value read from the SE (01 L token 02 L digest).</summary>
    private static byte[] TokenOf(byte[] presented)
    {
        if (presented.Length >= 4 && presented[0] == 0x01 && 2 + presented[1] + 2 <= presented.Length && presented[2 + presented[1]] == 0x02)
            return presented.AsSpan(2, presented[1]).ToArray();
        return presented;
    }

    public async Task<TaskTicket> Submit(OperationCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var batch = Batch;
        var s = state.State;
        // The wallet and the business hall act for the bound number; a service provider and the platform name the SE only.
        if (!s.Registered || (command.Channel is not (ProviderChannel or PlatformChannel) && s.Msisdn != command.Msisdn))
            throw new OtaRequestException(403, "Not registered", "The SE is not registered to this MSISDN.");
        var app = Validate(command, batch);
        // Seed 5.8.8: a new wallet request replaces an older one that has not started.
        foreach (var waiting in s.Pending.Skip(1).ToList())
        {
            if (waiting.Spec.Channel == command.Channel && command.Channel != "platform")
            {
                await GrainFactory.GetGrain<ITaskGrain>(waiting.TaskId).Abort(waiting, _createdHere.Remove(waiting.TaskId), "replaced by a newer request");
                s.Pending.Remove(waiting);
            }
        }
        var taskId = Start(SpecFor(command, app, string.IsNullOrEmpty(command.Msisdn) ? s.Msisdn ?? "" : command.Msisdn));
        await state.WriteStateAsync();
        return new TaskTicket(taskId, SessionId(taskId));
    }

    /// <summary>The task spec of an accepted request: SD operations and personalization get their keys and checks here.</summary>
    private TaskSpec SpecFor(OperationCommand command, ApplicationDefinition? app, string msisdn)
    {
        var spec = NewSpec(command.Kind, app?.Aid, msisdn, command.Channel) with
        {
            ServiceProvider = command.ServiceProvider,
            Platform = command.Platform,
        };
        return command.Kind switch
        {
            OperationKind.Download => WithSecurityDomainFirst(app!, spec),
            OperationKind.Delete => WithSecurityDomainDeletion(app!, spec),
            _ => PrepareExtendedTask(command, spec),
        };
    }

    /// <summary>The checks of an operation on this SE's state and the catalogue, shared by every channel; the application concerned.</summary>
    private ApplicationDefinition? Validate(OperationCommand command, SeBatch batch)
    {
        var s = state.State;
        ApplicationDefinition? app = null;
        if (command.Kind is not (OperationKind.Sync or OperationKind.CreateSecurityDomain or OperationKind.UpdateSecurityDomainKeys or OperationKind.DeleteSecurityDomain))
        {
            app = catalogue.FindApplication(command.ApplicationAid ?? "")
                ?? throw new OtaRequestException(404, "Unknown application", $"Application {command.ApplicationAid} is not in the catalogue.");
            var current = s.Applications.GetValueOrDefault(app.Aid, ApplicationState.Ready);
            switch (command.Kind)
            {
                case OperationKind.Download:
                    if (app.Status != ApplicationStatus.Published)
                        throw new OtaRequestException(409, "Application not published", "Only published applications can be downloaded.");
                    if (app.Batches.Count > 0 && !app.Batches.Contains(batch.Id))
                        throw new OtaRequestException(409, "SE batch not supported", $"The application does not support SE batch {batch.Id}.");
                    if (s.BlockedApplications.Contains(app.Aid))
                        throw new OtaRequestException(409, "Application blocked", "The application was ordered by the SE's previous number; it must be unsubscribed first.");
                    if (current is not (ApplicationState.Ready or ApplicationState.Loaded or ApplicationState.Instantiated))
                        throw new OtaRequestException(409, "Already downloaded", $"The application is {current}.");
                    break;
                case OperationKind.Delete when current == ApplicationState.Ready:
                    throw new OtaRequestException(409, "Not on the SE", "The application is not on the SE.");
                case OperationKind.Lock when current != ApplicationState.Useable:
                    throw new OtaRequestException(409, "Cannot lock", $"Only a Useable application can be locked; it is {current}.");
                case OperationKind.Unlock when current != ApplicationState.Locked:
                    throw new OtaRequestException(409, "Cannot unlock", $"Only a Locked application can be unlocked; it is {current}.");
                case OperationKind.Unlock when command.Channel is not ("business-hall" or "provider"):
                    throw new OtaRequestException(403, "Business hall only", "Unlocking is done at the business hall (seed 5.8.4.3).");
            }
        }
        return app;
    }

    public async Task<ExchangeResult> Exchange(string taskId, int? answering, IReadOnlyList<string> responses)
    {
        var s = state.State;
        var task = GrainFactory.GetGrain<ITaskGrain>(taskId);
        var queued = s.FindPending(taskId);
        if (queued is null)
            return new ExchangeResult(null, false, await EndedTask(taskId, "Unknown session"));
        if (s.Pending[0] != queued)
            return new ExchangeResult(null, true, queued.QueuedView()); // queued behind the live task (seed 5.8.8)
        TaskAdvance advance;
        try
        {
            advance = await task.Advance(queued, _createdHere.Contains(taskId), answering, responses);
        }
        catch (Exception ex) when (ex is not OtaRequestException)
        {
            Forget(taskId);
            throw;
        }
        if (advance.Order is not null)
            return new ExchangeResult(advance.Order, false, await task.View());
        await Complete(queued, advance);
        return new ExchangeResult(null, false, await task.View());
    }

    /// <summary>
    /// After a failed call to a task grain its fate is unknown: on a cluster, the silo it lived on may have died after
    /// it stored the task's end and before the answer came back. The next activation must then read that end rather
    /// than start the task again with nothing stored (and fail to store its second end over the first).
    /// </summary>
    private void Forget(string taskId) => _createdHere.Remove(taskId);

    /// <summary>A task of this SE that has ended (its own grain holds the outcome), or 404.</summary>
    private async Task<TaskView> EndedTask(string taskId, string title)
    {
        var view = await GrainFactory.GetGrain<ITaskGrain>(taskId).View();
        return string.Equals(view.SeId, SeId, StringComparison.OrdinalIgnoreCase)
            ? view
            : throw new OtaRequestException(404, title, "No such task on this SE.");
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
        await operationLog.RecordAsync(OperationName(spec.Kind), SeId, spec.Msisdn, spec.ApplicationAid ?? spec.SecurityDomainAid,
            outcome.State.ToString().ToLowerInvariant(), detail, Guid.TryParseExact(taskId, "N", out var recordId) ? recordId : null, ActorOf(spec));
        await state.WriteStateAsync();
        await NotifyEndedAsync(spec, outcome);
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
        if (outcome.State != TaskState.Succeeded)
        {
            // An interrupted download stays in an intermediate state so that the next one resumes (seed 5.8.7.1).
            if (spec.Kind == OperationKind.Download && facts?.LoadFiles is { } files && definition is not null && files.ContainsKey(definition.LoadFileAid))
            {
                s.Applications[aid] = ApplicationState.Loaded;
            }
            return;
        }
        switch (spec.Kind)
        {
            case OperationKind.Download:
                s.LoadFilePresent[aid] = true;
                var state2 = definition is { NeedsActivation: true } ? ApplicationState.Personalized : ApplicationState.Useable;
                s.Applications[aid] = state2;
                if (state2 == ApplicationState.Personalized)
                    s.PersonalizedAt[aid] = time.GetUtcNow();
                break;
            case OperationKind.Delete:
                s.Applications[aid] = ApplicationState.Ready;
                s.LoadFilePresent.Remove(aid);
                s.BlockedApplications.Remove(aid);
                break;
            case OperationKind.Lock:
                s.Applications[aid] = ApplicationState.Locked;
                break;
            case OperationKind.Unlock:
                s.Applications[aid] = ApplicationState.Useable;
                break;
            case OperationKind.Personalize:
                // Seed 5.8.7.2: an application that needs activation waits for its provider's notice; a personalization
                // update of an application already in use keeps it Useable.
                if (definition is { NeedsActivation: true } && s.Applications.GetValueOrDefault(aid) != ApplicationState.Useable)
                {
                    s.Applications[aid] = ApplicationState.Personalized;
                    s.PersonalizedAt[aid] = time.GetUtcNow();
                }
                else
                {
                    s.Applications[aid] = ApplicationState.Useable;
                }
                break;
        }
    }

    /// <summary>Who asked for a task, as operation records name it.</summary>
    private static string? ActorOf(TaskSpec spec) => spec.Channel switch
    {
        "provider" => "sp:" + spec.ServiceProvider,
        "platform" => "platform",
        "business-hall" => "business-hall:" + spec.Msisdn,
        _ => null,
    };

    /// <summary>The operation's name in operation records: "download", "create-security-domain", ….</summary>
    public static string OperationName(OperationKind kind) => kind switch
    {
        OperationKind.CreateSecurityDomain => "create-security-domain",
        OperationKind.UpdateSecurityDomainKeys => "update-security-domain-keys",
        OperationKind.DeleteSecurityDomain => "delete-security-domain",
        OperationKind.ApplicationCommands => "application-commands",
        OperationKind.Personalize => "personalize",
        _ => kind.ToString().ToLowerInvariant(),
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
            if (now - since > walletOptions.Value.ActivationTimeout && state.State.Applications.GetValueOrDefault(aid) == ApplicationState.Personalized)
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

    public async Task<TaskView> GetTask(string taskId)
    {
        var s = state.State;
        if (s.FindPending(taskId) is not { } queued)
            return await EndedTask(taskId, "Unknown task");
        if (queued != s.Pending[0])
            return queued.QueuedView();
        // The live task: its grain knows the progress once it has run (before that it has no state of its own).
        var live = await GrainFactory.GetGrain<ITaskGrain>(taskId).View();
        return live.SeId.Length > 0 ? live : queued.QueuedView();
    }

    public async Task<IReadOnlyList<TaskView>> ListTasks()
    {
        var views = new List<TaskView>();
        foreach (var queued in state.State.Pending)
            views.Add(await GetTask(queued.TaskId));
        return views;
    }

    public async Task Abort(string taskId)
    {
        if (state.State.FindPending(taskId) is not { } queued)
            throw new OtaRequestException(404, "Unknown task", "No such task waiting or running on this SE.");
        try
        {
            await GrainFactory.GetGrain<ITaskGrain>(taskId).Abort(queued, _createdHere.Contains(taskId), "aborted by an operator");
        }
        catch (Exception ex) when (ex is not OtaRequestException)
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
            switch (s.Applications.GetValueOrDefault(app.Aid, ApplicationState.Ready))
            {
                case ApplicationState.Ready or ApplicationState.Loaded:
                    if (!s.BlockedApplications.Contains(app.Aid))
                        download.Add(app.Aid);
                    break;
                case ApplicationState.Instantiated:
                    download.Add(app.Aid);
                    delete.Add(app.Aid);
                    break;
                case ApplicationState.Personalized:
                    delete.Add(app.Aid);
                    break;
                case ApplicationState.Useable:
                    delete.Add(app.Aid);
                    lockable.Add(app.Aid);
                    break;
                case ApplicationState.Locked:
                    unlockable.Add(app.Aid);
                    break;
            }
        }
        return queryOnly
            ? new ApplicationLists([], [], [], [])
            : new ApplicationLists(download, delete, lockable, unlockable);
    }

    private string Start(TaskSpec spec)
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
        return spec.TaskId;
    }

    private TaskSpec NewSpec(OperationKind kind, string? aid, string msisdn, string channel) => new()
    {
        TaskId = Guid.NewGuid().ToString("N"),
        SeId = SeId,
        Kind = kind,
        ApplicationAid = aid,
        Msisdn = msisdn,
        Channel = channel,
        CreatedAt = time.GetUtcNow(),
    };

    /// <summary>The SERAM sessionId of a task: the SEID and the task id, so the gateway routes a report without a look-up.</summary>
    public static string SessionIdFor(string seId, string taskId) => $"{seId}.{taskId}";

    private string SessionId(string taskId) => SessionIdFor(SeId, taskId);

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>MSISDN digits as swapped-nibble BCD padded with F (3GPP TS 31.102 EF_MSISDN dialling number).</summary>
    internal static byte[] BcdMsisdn(string msisdn)
    {
        var digits = new string(msisdn.Where(char.IsAsciiDigit).ToArray());
        var bytes = new byte[(digits.Length + 1) / 2];
        for (var i = 0; i < digits.Length; i++)
        {
            var nibble = digits[i] - '0';
            bytes[i / 2] |= (byte)(i % 2 == 0 ? nibble : nibble << 4);
        }
        if (digits.Length % 2 == 1)
            bytes[^1] |= 0xF0;
        return bytes;
    }
}

internal static partial class SeLog
{
    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "SE {SeId}: task {TaskId} ended {State}")]
    public static partial void TaskDone(ILogger logger, string seId, string taskId, TaskState state);
}
