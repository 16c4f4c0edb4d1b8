using Tsm.Grains.Catalogue;
using Tsm.Grains.Keys;
using Tsm.Grains.Ota.Engine;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Cap;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp02;

namespace Tsm.Grains.Ota;

/// <summary>
/// Runs one task as a few orders of C-APDUs (docs/ota.md "The engine"): an explicit machine over
/// <see cref="SessionState"/> with one <see cref="Advance"/>. The task's <see cref="OperationPlan"/> names its secure
/// channel stages; each stage starts with SELECT and INITIALIZE UPDATE (with GET DATA FF21 before authentication on
/// the ISD), then EXTERNAL AUTHENTICATE and every command whose input is already known, wrapped in advance; later
/// orders only where an answer decides what follows (registry pages, a residue to delete). A stage whose work needs
/// no answer carries the next stage's handshake in the same order. Every planned command carries its intent, and
/// answers are judged by it. The SCP02 session lives in memory: after a restart the task opens a new session and
/// GET STATUS tells it what is done.
/// </summary>
public sealed class OtaSession : IDisposable
{
    private readonly PlanContext _context;
    private readonly OperationPlan _plan;
    private readonly IReadOnlyList<SecureChannelStage> _stages;
    private List<PlannedCommand> _outstanding = [];
    private SessionState _state = SessionState.Idle;
    private int _stageIndex;
    private int _sequence;
    private int _restarts;

    /// <summary>
    /// A session for <paramref name="spec"/>; <paramref name="resumed"/> says the task ran before in a session that was cut
    /// off; a download loads <paramref name="prerequisites"/> the card lacks before the application's own load file.
    /// </summary>
    public OtaSession(TaskSpec spec, SeBatch batch, ApplicationDefinition? application, CapFile? cap, KnownContent known, IKeyService keyService, OtaOptions options,
        SecurityDomainDefinition? securityDomain = null, bool resumed = false, IReadOnlyList<PrerequisiteLoadFile>? prerequisites = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(keyService);
        ArgumentNullException.ThrowIfNull(options);
        if (spec.Operation is ApplicationOperation && application is null)
            throw new ArgumentException("The operation needs an application.", nameof(application));
        if ((spec.Kind == OperationKind.CreateSecurityDomain || spec.CreateSecurityDomainFirst) && securityDomain is null)
            throw new ArgumentException("The operation needs a supplementary SD definition.", nameof(securityDomain));
        _context = new PlanContext(spec, batch, application, cap, securityDomain, known, keyService, options)
        {
            Resumed = resumed,
            Prerequisites = prerequisites ?? [],
        };
        _plan = OperationPlan.For(spec);
        _stages = _plan.Stages(_context);
        _context.Stage = _stages[0];
    }

    /// <summary>The order outstanding, if any (a report must answer it).</summary>
    public OtaOrder? Outstanding { get; private set; }

    /// <summary>The commands of the outstanding order as planned (what each is for, plain and wire forms): the transcript's source.</summary>
    internal IReadOnlyList<PlannedCommand> OutstandingCommands => _outstanding;

    private SecureChannelStage Stage => _stages[_stageIndex];

    /// <summary>The first order of a session: the current stage's handshake (a task interrupted in a later stage starts again with it).</summary>
    public OtaOrder Begin()
    {
        _context.ClearOrder();
        PlanHandshake(first: true);
        _state = SessionState.AwaitingHandshake;
        return Issue(Stage.OpensSecureChannel ? $"open a secure channel to {Stage.SelectAid}" : "pass the provider's commands to its application");
    }

    /// <summary>Feeds the R-APDUs of the outstanding order (in order, one per C-APDU the wallet executed) and moves the machine.</summary>
    public OtaStep Advance(IReadOnlyList<ResponseApdu> responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        if (Outstanding is null)
            throw new InvalidOperationException("No order is outstanding.");
        var planned = _outstanding;
        Outstanding = null;
        _outstanding = [];
        // The first error SW ends the task (requirement 5.8.4.1.2), unless the plan expects it.
        for (var i = 0; i < responses.Count && i < planned.Count; i++)
        {
            if (Judge(planned[i], responses[i]) is { } failure)
                return Finish(failure);
        }
        if (responses.Count < planned.Count)
            return Interrupted(planned[responses.Count]);
        return _state switch
        {
            SessionState.AwaitingHandshake => AfterHandshake(),
            SessionState.AwaitingWorkAndNextHandshake => AfterHandshake(),
            SessionState.AwaitingWork or SessionState.AwaitingFollowUp => AfterWork(),
            _ => throw new InvalidOperationException($"No order is expected in state {_state}."),
        };
    }

    /// <summary>The SE stopped answering mid-order (it went away): the channel is lost; start again with the stage of the first unanswered command.</summary>
    private OtaStep Interrupted(PlannedCommand firstUnanswered)
    {
        if (Stage.Work == StageWork.Passthrough)
        {
            // The provider's commands are not replayed: some may have run. It gets what the SE answered.
            return Finish(new TaskOutcome(TaskState.Failed, "the SE did not answer every command", null, [.. _context.PassthroughResponses]));
        }
        var unanswered = _stages.ToList().FindIndex(st => st.Work == firstUnanswered.Stage);
        if (unanswered >= 0)
            _stageIndex = unanswered;
        _context.Stage = Stage;
        if (++_restarts > _context.Options.MaxSessionRestarts)
            return Fail("the SE did not answer the whole script after several attempts");
        _state = SessionState.Idle;
        _context.Resumed = true;
        return new OtaContinue(Begin());
    }

    /// <summary>The handshake answered: EXTERNAL AUTHENTICATE and the stage's work, with the next stage's handshake when the work needs no answer.</summary>
    private OtaStep AfterHandshake()
    {
        if (!Stage.OpensSecureChannel)
            return Succeed();
        _context.ClearOrder();
        _context.Plain(_context.Channel.ExternalAuthenticate!, CommandIntent.ExternalAuthenticate);
        if (Stage.Work != StageWork.Main)
            StagePlans.Plan(_context);
        else if (_plan.PlanMain(_context) is { } refused)
            return Fail(refused);
        _state = SessionState.AwaitingWork;
        if (Stage.Work != StageWork.Main && _stageIndex + 1 < _stages.Count)
        {
            // SELECT ends the current session after its wrapped commands; the next stage's handshake rides along.
            NextStage();
            _context.Plain(new SelectCommand(Aid.Parse(Stage.SelectAid)).ToApdu(), CommandIntent.Select);
            _context.Plain(_context.Channel.InitializeUpdate(), CommandIntent.InitializeUpdate);
            _state = SessionState.AwaitingWorkAndNextHandshake;
        }
        return new OtaContinue(Issue(_context.Spec.Kind.ToString().ToLowerInvariant()));
    }

    /// <summary>The work answered: the next stage, the rest of the registry, a reconciling order, or the end.</summary>
    private OtaStep AfterWork()
    {
        if (!Stage.OpensSecureChannel)
            return Succeed();
        if (Stage.Work != StageWork.Main && _stageIndex + 1 < _stages.Count)
        {
            NextStage();
            _context.ClearOrder();
            PlanHandshake(first: false);
            _state = SessionState.AwaitingHandshake;
            return new OtaContinue(Issue($"open a secure channel to {Stage.SelectAid}"));
        }
        var queries = _context.Registry.NextQueries();
        if (queries.Count > 0)
        {
            _context.ClearOrder();
            foreach (var query in queries)
                _context.Status(query);
            _state = SessionState.AwaitingFollowUp;
            return new OtaContinue(Issue("read the registry"));
        }
        _context.ClearOrder();
        if (_plan.Reconcile(_context, purpose => new OtaContinue(Issue(purpose)), Fail) is { } again)
        {
            _state = again is OtaFinished ? SessionState.Finished : SessionState.AwaitingFollowUp;
            return again;
        }
        return Succeed();
    }

    private void NextStage()
    {
        _stageIndex++;
        _context.Stage = Stage;
    }

    /// <summary>SELECT of the stage's AID, and INITIALIZE UPDATE unless the stage passes commands through.</summary>
    private void PlanHandshake(bool first)
    {
        _context.Channel.Close();
        _context.Plain(new SelectCommand(Aid.Parse(Stage.SelectAid)).ToApdu(), CommandIntent.Select);
        if (!Stage.OpensSecureChannel)
        {
            var personalizing = _context.Spec.Kind == OperationKind.Personalize;
            foreach (var command in _context.Spec.Personalization?.Commands ?? _context.Spec.Commands ?? [])
                _context.Plain(CommandApdu.Parse(Hex.Parse(command)), CommandIntent.Passthrough, sensitive: personalizing);
            return;
        }
        if (first && _context.IsIsd(Stage.SelectAid))
        {
            _context.Plain(GetDataCommand.ExtendedCardResources.ToApdu(), CommandIntent.FreeMemory);
            if (_plan.ReadsCplc)
                _context.Plain(GetDataCommand.Cplc.ToApdu(), CommandIntent.Cplc);
        }
        _context.Plain(_context.Channel.InitializeUpdate(), CommandIntent.InitializeUpdate);
    }

    /// <summary>Judges one answer by its command's intent; a reason to end the task, or null to go on.</summary>
    private TaskOutcome? Judge(PlannedCommand planned, ResponseApdu response)
    {
        var sw = response.StatusWord;
        switch (planned.Intent)
        {
            case CommandIntent.Select:
                return sw == StatusWords.Success ? null : Failure($"{Aid.Parse(Hex.Format(planned.Plain.Data.Span))} cannot be selected", sw);
            case CommandIntent.Passthrough:
                _context.PassthroughResponses.Add(Hex.Format(response.ToArray()));
                return _context.Spec.Kind == OperationKind.Personalize && !IsSuccess(sw) ? Failure("the application refused a personalization command", sw) : null;
            case CommandIntent.FreeMemory:
                if (sw == StatusWords.Success && TryParse(() => ExtendedCardResources.Parse(response.Data.Span), out var resources))
                    _context.Facts = _context.Facts with { FreeNonVolatile = resources!.FreeNonVolatileMemory, FreeVolatile = resources.FreeVolatileMemory };
                return null;
            case CommandIntent.Cplc:
                if (sw == StatusWords.Success)
                    _context.Facts = _context.Facts with { Cplc = Hex.Format(response.Data.Span) };
                return null;
            case CommandIntent.KeyInformation:
                if (sw == StatusWords.Success && TryParse(() => KeyInformation.Parse(response.Data.Span), out var keys))
                    _context.Facts = _context.Facts with { KeyVersions = [.. keys!.Select(k => k.KeyVersionNumber).Distinct()] };
                return null;
            case CommandIntent.InitializeUpdate:
                if (sw != StatusWords.Success)
                    return Failure(sw == StatusWords.ReferencedDataNotFound ? "the SE has no such key set" : "INITIALIZE UPDATE was refused", sw);
                return Authenticate(response);
            case CommandIntent.ExternalAuthenticate:
                return sw == StatusWords.Success ? null : Failure("EXTERNAL AUTHENTICATE was refused", sw);
            case CommandIntent.RegistryStatus:
                if (sw == StatusWords.ReferencedDataNotFound)
                    return null;
                if (sw != StatusWords.Success && sw != StatusWords.MoreData)
                    return Failure("GET STATUS was refused", sw);
                _context.Registry.Record(planned.Status!, response);
                return null;
            case CommandIntent.PutKey:
                if (sw != StatusWords.Success)
                    return Failure("PUT KEY was refused", sw);
                if (!response.Data.Span.SequenceEqual(planned.Expected))
                    return Failure("PUT KEY answered other key check values than the keys sent");
                _context.Facts = _context.Facts with { SecurityDomainKeyVersion = planned.Expected![0] };
                return null;
            default:
                if (sw == StatusWords.Success)
                {
                    Accepted(planned);
                    return null;
                }
                if (StagePlans.Tolerates(_context, planned, sw) || (planned.Stage == StageWork.Main && _plan.Tolerates(_context, planned, sw)))
                {
                    if (planned.Intent == CommandIntent.InstallForLoad)
                        _context.LoadRefused = true;
                    return null;
                }
                return Failure($"the SE refused {Describe(planned)}", sw);
        }
    }

    /// <summary>What a command's success records.</summary>
    private void Accepted(PlannedCommand planned)
    {
        switch (planned.Intent)
        {
            case CommandIntent.DeleteSecurityDomain when string.Equals(planned.Aid, _context.Spec.SecurityDomainAid, StringComparison.OrdinalIgnoreCase):
                _context.Facts = _context.Facts with { SecurityDomainDeleted = true };
                break;
            case CommandIntent.SetStatusPersonalized when planned.Stage == StageWork.SecurityDomainKeys:
                _context.Facts = _context.Facts with { SecurityDomainPersonalized = true };
                break;
            case CommandIntent.LastLoadBlock:
                _context.LoadCompleted = true;
                break;
            case CommandIntent.InstallForInstall when planned.Aid is { } instance:
                _context.InstalledNow.Add(instance);
                break;
        }
    }

    /// <summary>Opens the stage's channel with the keys of the version the card reported.</summary>
    private TaskOutcome? Authenticate(ResponseApdu response)
    {
        var stage = Stage;
        var failure = _context.Channel.Authenticate(response, KeysFor, _context.Spec.SecurityLevel, _context.Batch.ScpI, stage.KeyDomainAid ?? stage.SelectAid);
        if (failure is not null)
            return Failure(failure);
        var channel = _context.Channel;
        _context.Facts = stage.KeyDomainAid is null
            ? _context.Facts with { KeyVersion = channel.KeyVersion, SequenceCounter = channel.SequenceCounter }
            : _context.Facts with { SecurityDomainKeyVersion = channel.KeyVersion };
        return null;
    }

    /// <summary>
    /// The keys of the key version the card reported (requirement 5.8.9.3: during a rotation SEs hold either version):
    /// the ISD's from the batch's master key for that version; a supplementary SD's from the key sets the platform
    /// holds, or — while it still has its initial keys — the creating ISD's keys under the SD's initial version.
    /// </summary>
    private Scp02KeySet? KeysFor(byte keyVersion, byte[] keyDiversificationData)
    {
        var domain = Stage.KeyDomainAid;
        var spec = _context.Spec;
        if (domain is null)
            return _context.KeyService.IsdKeys(_context.Batch, keyDiversificationData, keyVersion);
        if (spec.SecurityDomainKeySets.FirstOrDefault(k => k.KeyVersion == keyVersion) is { } stored)
            return _context.KeyService.OpenKeySet(stored);
        if (spec.NewKeySet is { } fresh && fresh.KeyVersion == keyVersion)
            return _context.KeyService.OpenKeySet(fresh);
        var sd = _context.SecurityDomain;
        var initial = sd is not null && sd.Aid.Equals(domain, StringComparison.OrdinalIgnoreCase) ? sd.InitialKeyVersion : (byte?)null;
        if (keyVersion != initial)
            return null;
        var isdVersion = _context.Facts.KeyVersion ?? spec.IsdKeyVersion ?? _context.Batch.KeyVersion;
        using var isd = _context.KeyService.IsdKeys(_context.Batch, keyDiversificationData, isdVersion);
        return new Scp02KeySet(keyVersion, isd.Enc, isd.Mac, isd.Dek);
    }

    private OtaFinished Succeed()
    {
        _state = SessionState.Finished;
        var outcome = Stage.OpensSecureChannel
            ? new TaskOutcome(TaskState.Succeeded)
            : new TaskOutcome(TaskState.Succeeded, Responses: [.. _context.PassthroughResponses]);
        return new OtaFinished(outcome, _plan.FactsAfter(_context), Stage.OpensSecureChannel ? _plan.ContentAfter(_context) : _context.Known);
    }

    private OtaFinished Finish(TaskOutcome failure)
    {
        _state = SessionState.Finished;
        return new OtaFinished(failure, _context.Facts, _context.Known);
    }

    private OtaFinished Fail(string reason) => Finish(Failure(reason));

    private static TaskOutcome Failure(string reason, StatusWord? sw = null) => new(TaskState.Failed, reason, sw?.ToString());

    private OtaOrder Issue(string purpose)
    {
        _outstanding = [.. _context.Order];
        var sensitive = _outstanding.Select((c, i) => (c, i)).Where(x => x.c.Sensitive).Select(x => x.i).ToList();
        Outstanding = new OtaOrder(++_sequence, _outstanding.Select(p => p.Wire).ToList(), purpose, sensitive.Count > 0 ? sensitive : null);
        return Outstanding;
    }

    private static bool IsSuccess(StatusWord sw) => sw == StatusWords.Success || sw.Sw1 == 0x61;

    private static string Describe(PlannedCommand planned) => planned.Intent switch
    {
        CommandIntent.InstallForLoad or CommandIntent.InstallForInstall or CommandIntent.Extradite or CommandIntent.InstallSecurityDomain
            or CommandIntent.InstallForPersonalization => "INSTALL",
        CommandIntent.LoadBlock or CommandIntent.LastLoadBlock => $"LOAD block {planned.Plain.P2}",
        CommandIntent.DeleteInstance or CommandIntent.DeleteLoadFile or CommandIntent.DeleteSecurityDomain => "DELETE",
        CommandIntent.SetStatusPersonalized or CommandIntent.Lock or CommandIntent.Unlock => "SET STATUS",
        CommandIntent.StoreData or CommandIntent.StoreRegistration => "STORE DATA",
        _ => planned.Plain.Ins == StoreDataCommand.Ins ? "STORE DATA" : $"INS {planned.Plain.Ins:X2}",
    };

    private static bool TryParse<T>(Func<T> parse, out T? value)
    {
        try
        {
            value = parse();
            return true;
        }
        catch (GpFormatException)
        {
            value = default;
            return false;
        }
    }

    public void Dispose() => _context.Channel.Dispose();
}
