using System.Security.Cryptography;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Keys;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Cap;
using Tsm.Protocol.Crypto;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp02;
using Tsm.Protocol.Wallet;

namespace Tsm.Grains.Ota;

/// <summary>What the platform believes is on the card for the task's application when the task starts or resumes.</summary>
public sealed record KnownContent(bool LoadFilePresent, IReadOnlySet<string> Instances);

/// <summary>Options of the engine (section "Ota").</summary>
public sealed class OtaOptions
{
    public const string Section = "Ota";

    /// <summary>
    /// The platform's default security level of secure channels (requirement 5.8.9.2: C-MAC and C-DECRYPTION, 03); an
    /// SE batch or an SD definition may set its own. Each task takes its level when it is accepted.
    /// </summary>
    public byte SecurityLevel { get; set; } = 0x03;

    /// <summary>LOAD block size (plain data bytes per LOAD).</summary>
    public int LoadBlockSize { get; set; } = 200;

    /// <summary>How many times a task opens a new session after an interrupted order before giving up.</summary>
    public int MaxSessionRestarts { get; set; } = 3;
}

/// <summary>The result of feeding a report to the engine: another order, or the end of the task.</summary>
public abstract record OtaStep;

public sealed record OtaContinue(OtaOrder Order) : OtaStep;

public sealed record OtaFinished(TaskOutcome Outcome, CardFacts Facts, KnownContent Content) : OtaStep;

/// <summary>
/// Plans and runs one task as a few orders of C-APDUs (seed 5.8.4; ARCHITECTURE flow 2): order 1 selects the ISD,
/// reads what may be read before authentication and sends INITIALIZE UPDATE; order 2 carries EXTERNAL AUTHENTICATE
/// and every command whose input is already known, wrapped in advance (the C-MAC chain runs through the batch);
/// later orders only where a response decides what follows (a residue to delete, GET STATUS paging). The SCP02
/// session lives in memory: after a restart the task opens a new session and GET STATUS tells it what is done.
/// </summary>
public sealed class OtaSession : IDisposable
{
    private readonly TaskSpec _spec;
    private readonly SeBatch _batch;
    private readonly ApplicationDefinition? _application;
    private readonly CapFile? _cap;
    private readonly IKeyService _keyService;
    private readonly OtaOptions _options;
    private readonly SecurityDomainDefinition? _sd;
    private readonly List<Planned> _outstanding = [];
    private readonly List<Stage> _stages;
    private readonly List<string> _passthroughResponses = [];
    private int _stageIndex;
    private byte? _reportedKeyVersion;
    private byte[]? _keyDiversificationData;
    private KnownContent _known;
    private Scp02KeySet? _keys;
    private Scp02HostChannel? _host;
    private int _sequence;
    private int _restarts;
    private Phase _phase;
    private byte[]? _hostChallenge;
    private CommandApdu? _externalAuthenticate;
    private readonly List<GetStatusCommand> _pendingPages = [];
    private readonly Queue<GetStatusScope> _syncScopes = new();
    private readonly HashSet<string> _installedNow = new(StringComparer.OrdinalIgnoreCase);
    private bool _loadFailed;
    private bool _loadSucceeded;
    private bool _loadFileKept;
    private int _replans;
    private CardFacts _facts = new();
    private readonly Dictionary<string, IReadOnlyList<string>> _loadFiles = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, byte> _instances = new(StringComparer.OrdinalIgnoreCase);

    private enum Phase
    {
        Handshake,
        Work,
        Paging,
    }

    /// <summary>What one secure channel of a task does: the SD it opens the channel with (or the application it selects), and its work.</summary>
    private sealed record Stage(StageWork Work, string SelectAid, string? KeyDomainAid);

    private enum StageWork
    {
        /// <summary>The operation itself, on the ISD's channel (register, download, delete, lock, unlock, sync).</summary>
        Main,
        CreateSecurityDomain,
        SecurityDomainKeys,
        DeleteSecurityDomain,
        PersonalizeThroughDomain,
        PersonalizeApplication,
        Passthrough,
    }

    private enum Role
    {
        Select,
        FreeMemory,
        Cplc,
        InitializeUpdate,
        ExternalAuthenticate,
        StatusLoadFile,
        StatusApplications,
        StatusAll,
        KeyInformation,
        Work,
        PutKey,
        Passthrough,
    }

    /// <summary>A command of an order; <see cref="Stage"/> is the stage that planned it (an order may end one stage and start the next).</summary>
    private sealed record Planned(StageWork Stage, CommandApdu Plain, string Wire, Role Role, GetStatusCommand? Status = null, byte[]? Expected = null);

    public OtaSession(TaskSpec spec, SeBatch batch, ApplicationDefinition? application, CapFile? cap, KnownContent known, IKeyService keyService, OtaOptions options,
        SecurityDomainDefinition? securityDomain = null)
    {
        _spec = spec ?? throw new ArgumentNullException(nameof(spec));
        _batch = batch ?? throw new ArgumentNullException(nameof(batch));
        _application = application;
        _cap = cap;
        _known = known ?? throw new ArgumentNullException(nameof(known));
        _keyService = keyService ?? throw new ArgumentNullException(nameof(keyService));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _sd = securityDomain;
        if (spec.Operation is ApplicationOperation && application is null)
            throw new ArgumentException("The operation needs an application.", nameof(application));
        if ((spec.Kind == OperationKind.CreateSecurityDomain || spec.CreateSecurityDomainFirst) && securityDomain is null)
            throw new ArgumentException("The operation needs a supplementary SD definition.", nameof(securityDomain));
        _stages = PlanStages();
    }

    /// <summary>The secure channels a task opens, in order (seed 5.8.3: SD operations; 5.8.4.6: personalization modes).</summary>
    private List<Stage> PlanStages()
    {
        var isd = _batch.IsdAid;
        var appSd = AppSecurityDomain();
        switch (_spec.Kind)
        {
            case OperationKind.Download when _spec.CreateSecurityDomainFirst:
                return [new(StageWork.CreateSecurityDomain, isd, null), new(StageWork.SecurityDomainKeys, _sd!.Aid, _sd.Aid), new(StageWork.Main, isd, null)];
            case OperationKind.CreateSecurityDomain:
                var keys = _spec.NewKeySet is not null || _spec.ProviderKeys is not null;
                return keys
                    ? [new(StageWork.CreateSecurityDomain, isd, null), new(StageWork.SecurityDomainKeys, _sd!.Aid, _sd.Aid)]
                    : [new(StageWork.CreateSecurityDomain, isd, null)];
            case OperationKind.UpdateSecurityDomainKeys:
                var target = _spec.SecurityDomainAid ?? isd;
                return [new(StageWork.SecurityDomainKeys, target, IsIsd(target) ? null : target)];
            case OperationKind.DeleteSecurityDomain:
                return [new(StageWork.DeleteSecurityDomain, isd, null)];
            case OperationKind.Personalize when _spec.Personalization?.Mode == 3:
                return [new(StageWork.PersonalizeThroughDomain, appSd, IsIsd(appSd) ? null : appSd)];
            case OperationKind.Personalize when _spec.Personalization?.Mode == 2:
                return [new(StageWork.PersonalizeApplication, _application!.Aid, IsIsd(appSd) ? null : appSd)];
            case OperationKind.Personalize:
            case OperationKind.ApplicationCommands:
                return [new(StageWork.Passthrough, _application!.Aid, null)];
            default:
                return [new(StageWork.Main, isd, null)];
        }
    }

    private string AppSecurityDomain() =>
        _application is { SecurityDomainAid.Length: > 0 } app ? app.SecurityDomainAid : _batch.IsdAid;

    private bool IsIsd(string aid) => aid.Equals(_batch.IsdAid, StringComparison.OrdinalIgnoreCase);

    private Stage CurrentStage => _stages[_stageIndex];

    /// <summary>The order outstanding, if any (a report must answer it).</summary>
    public OtaOrder? Outstanding { get; private set; }

    /// <summary>
    /// Order 1: SELECT ISD, GET DATA FF21 (and CPLC for a sync) before authentication, INITIALIZE UPDATE. A task
    /// interrupted in a later stage starts again from its current stage.
    /// </summary>
    public OtaOrder Begin()
    {
        _outstanding.Clear();
        PlanHandshake(first: true);
        return Issue(CurrentStage.Work == StageWork.Passthrough ? "pass the provider's commands to its application" : $"open a secure channel to {CurrentStage.SelectAid}");
    }

    /// <summary>The start of the current stage: SELECT, and INITIALIZE UPDATE unless the stage passes commands through.</summary>
    private void PlanHandshake(bool first)
    {
        _host?.Dispose();
        _host = null;
        _keys?.Dispose();
        _keys = null;
        _phase = Phase.Handshake;
        var stage = CurrentStage;
        Add(new SelectCommand(Aid.Parse(stage.SelectAid)).ToApdu(), Role.Select);
        if (stage.Work == StageWork.Passthrough)
        {
            foreach (var command in _spec.Personalization?.Commands ?? _spec.Commands ?? [])
                Add(CommandApdu.Parse(Hex.Parse(command)), Role.Passthrough);
            return;
        }
        if (first && IsIsd(stage.SelectAid))
        {
            Add(GetDataCommand.ExtendedCardResources.ToApdu(), Role.FreeMemory);
            if (_spec.Kind == OperationKind.Sync)
                Add(GetDataCommand.Cplc.ToApdu(), Role.Cplc);
        }
        AddInitializeUpdate();
    }

    /// <summary>INITIALIZE UPDATE with KVN 00: the card picks its first key set; the response names it (seed 5.8.9.3 rotation).</summary>
    private void AddInitializeUpdate()
    {
        _hostChallenge = RandomNumberGenerator.GetBytes(8);
        Add(new InitializeUpdateCommand(0x00, _hostChallenge).ToApdu(), Role.InitializeUpdate);
    }

    /// <summary>Feeds the R-APDUs of the outstanding order (in order, one per C-APDU the wallet executed).</summary>
    public OtaStep Advance(IReadOnlyList<ResponseApdu> responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        if (Outstanding is null)
            throw new InvalidOperationException("No order is outstanding.");
        var planned = _outstanding.ToList();
        Outstanding = null;
        _outstanding.Clear();
        // The first error SW ends the task (seed 5.8.4.1.2), unless it is an answer the plan expects.
        for (var i = 0; i < responses.Count && i < planned.Count; i++)
        {
            var failure = Check(planned[i], responses[i]);
            if (failure is not null)
                return failure;
        }
        if (responses.Count < planned.Count && CurrentStage.Work == StageWork.Passthrough)
        {
            // The provider's commands are not replayed: some may have run. It gets what the SE answered.
            return new OtaFinished(new TaskOutcome(TaskState.Failed, "the SE did not answer every command", null, [.. _passthroughResponses]), _facts, _known);
        }
        if (responses.Count < planned.Count)
        {
            // Start again with the stage of the first command the SE did not answer: an order that ended one stage and
            // began the next may have been cut off before the first stage's work was done.
            var unanswered = _stages.FindIndex(st => st.Work == planned[responses.Count].Stage);
            if (unanswered >= 0)
                _stageIndex = unanswered;
            _chainedHandshake = false;
            // The wallet stopped early (the SE went away): the secure channel is lost. Start again with what we know.
            if (++_restarts > _options.MaxSessionRestarts)
                return Fail("the SE did not answer the whole script after several attempts");
            return new OtaContinue(Begin());
        }
        return _phase switch
        {
            Phase.Handshake => AfterHandshake(),
            _ => AfterWork(),
        };
    }

    /// <summary>Checks one response; returns a finished step when it ends the task.</summary>
    private OtaFinished? Check(Planned planned, ResponseApdu response)
    {
        var sw = response.StatusWord;
        switch (planned.Role)
        {
            case Role.Select when sw != StatusWords.Success:
                return Fail($"{Aid.Parse(Hex.Format(planned.Plain.Data.Span))} cannot be selected", sw);
            case Role.Passthrough:
                _passthroughResponses.Add(Hex.Format(response.ToArray()));
                if (_spec.Kind == OperationKind.Personalize && !IsSuccess(sw))
                    return Fail("the application refused a personalization command", sw);
                return null;
            case Role.PutKey when sw != StatusWords.Success:
                return Fail("PUT KEY was refused", sw);
            case Role.PutKey:
                if (!response.Data.Span.SequenceEqual(planned.Expected))
                    return Fail("PUT KEY answered other key check values than the keys sent");
                _facts = _facts with { SecurityDomainKeyVersion = planned.Expected![0] };
                return null;
            case Role.FreeMemory:
                if (sw == StatusWords.Success && TryParse(() => ExtendedCardResources.Parse(response.Data.Span), out var resources))
                    _facts = _facts with { FreeNonVolatile = resources!.FreeNonVolatileMemory, FreeVolatile = resources.FreeVolatileMemory };
                return null;
            case Role.Cplc:
                if (sw == StatusWords.Success)
                    _facts = _facts with { Cplc = Hex.Format(response.Data.Span) };
                return null;
            case Role.InitializeUpdate:
                if (sw != StatusWords.Success)
                    return Fail(sw == StatusWords.ReferencedDataNotFound ? "the SE has no such key set" : "INITIALIZE UPDATE was refused", sw);
                return Authenticate(response);
            case Role.KeyInformation:
                if (sw == StatusWords.Success && TryParse(() => KeyInformation.Parse(response.Data.Span), out var keys))
                    _facts = _facts with { KeyVersions = [.. keys!.Select(k => k.KeyVersionNumber).Distinct()] };
                return null;
            case Role.ExternalAuthenticate when sw != StatusWords.Success:
                return Fail("EXTERNAL AUTHENTICATE was refused", sw);
            case Role.StatusLoadFile or Role.StatusApplications or Role.StatusAll:
                if (sw == StatusWords.ReferencedDataNotFound)
                    return null;
                if (sw != StatusWords.Success && sw != StatusWords.MoreData)
                    return Fail("GET STATUS was refused", sw);
                Record(planned.Status!, response);
                return null;
            case Role.Work when sw == StatusWords.Success:
                if (planned.Plain.Ins == DeleteCommand.Ins && _spec.SecurityDomainAid is { } sdAid && DeletesExactly(planned.Plain, sdAid))
                    _facts = _facts with { SecurityDomainDeleted = true };
                if (planned.Plain.Ins == SetStatusCommand.Ins && planned.Stage == StageWork.SecurityDomainKeys)
                    _facts = _facts with { SecurityDomainPersonalized = true };
                if (planned.Plain.Ins == 0xE8 && (planned.Plain.P1 & 0x80) != 0)
                    _loadSucceeded = true;
                if (planned.Plain.Ins == 0xE6 && (planned.Plain.P1 & 0x0C) != 0 && _application is not null)
                {
                    var installed = _application.Instances.FirstOrDefault(i => ContainsAid(planned.Plain.Data.Span, i.InstanceAid));
                    if (installed is not null)
                        _installedNow.Add(installed.InstanceAid);
                }
                return null;
            case Role.Work:
                if (Tolerated(planned, response))
                {
                    if (planned.Plain.Ins == 0xE6 && planned.Plain.P1 == 0x02)
                        _loadFailed = true;
                    return null;
                }
                return Fail($"the SE refused {Describe(planned.Plain)}", sw);
            default:
                return null;
        }
    }

    private OtaFinished? Authenticate(ResponseApdu response)
    {
        InitializeUpdateResponse parsed;
        try
        {
            parsed = InitializeUpdateResponse.Parse(response.Data.Span);
        }
        catch (Scp02Exception ex)
        {
            return Fail($"INITIALIZE UPDATE answer is malformed: {ex.Message}");
        }
        _keys?.Dispose();
        try
        {
            _keys = KeysFor(parsed.KeyVersion, parsed.KeyDiversificationData.Span);
        }
        catch (KeyServiceException ex)
        {
            return Fail(ex.Message);
        }
        if (_keys is null)
            return Fail($"the platform holds no keys of version {parsed.KeyVersion:X2} for {CurrentStage.KeyDomainAid}");
        _reportedKeyVersion = parsed.KeyVersion;
        _keyDiversificationData = parsed.KeyDiversificationData.ToArray();
        _host?.Dispose();
        _host = new Scp02HostChannel(_keys, (SecurityLevel)_spec.SecurityLevel, new Scp02Parameter(_batch.ScpI));
        _host.InitializeUpdate(parsed.KeyVersion, _hostChallenge);
        try
        {
            _externalAuthenticate = _host.ExternalAuthenticate(parsed);
        }
        catch (Scp02Exception)
        {
            return Fail("the card cryptogram does not verify: the SE's ISD keys are not the batch's");
        }
        if (CurrentStage.KeyDomainAid is null)
            _facts = _facts with { KeyVersion = parsed.KeyVersion, SequenceCounter = (ushort)(parsed.SequenceCounter + 1) };
        else
            _facts = _facts with { SecurityDomainKeyVersion = parsed.KeyVersion };
        return null;
    }

    /// <summary>
    /// The keys of the key version the card reported (seed 5.8.9.3: during a rotation SEs hold either version): the
    /// ISD's from the batch's master key for that version; a supplementary SD's from the key sets the platform holds,
    /// or — while it still has its initial keys — the creating ISD's keys under the SD's initial version.
    /// </summary>
    private Scp02KeySet? KeysFor(byte keyVersion, ReadOnlySpan<byte> keyDiversificationData)
    {
        var domain = CurrentStage.KeyDomainAid;
        if (domain is null)
            return _keyService.IsdKeys(_batch, keyDiversificationData, keyVersion);
        if (_spec.SecurityDomainKeySets.FirstOrDefault(k => k.KeyVersion == keyVersion) is { } stored)
            return _keyService.OpenKeySet(stored);
        if (_spec.NewKeySet is { } fresh && fresh.KeyVersion == keyVersion)
            return _keyService.OpenKeySet(fresh);
        var initial = _sd is not null && _sd.Aid.Equals(domain, StringComparison.OrdinalIgnoreCase) ? _sd.InitialKeyVersion : (byte?)null;
        if (keyVersion != initial)
            return null;
        var isdVersion = _facts.KeyVersion ?? _spec.IsdKeyVersion ?? _batch.KeyVersion;
        using var isd = _keyService.IsdKeys(_batch, keyDiversificationData, isdVersion);
        return new Scp02KeySet(keyVersion, isd.Enc, isd.Mac, isd.Dek);
    }

    private OtaStep AfterHandshake()
    {
        if (CurrentStage.Work == StageWork.Passthrough)
            return AfterWork();
        _phase = Phase.Work;
        _outstanding.Clear();
        Plan(new Planned(CurrentStage.Work, _externalAuthenticate!, _externalAuthenticate!.ToHex(), Role.ExternalAuthenticate));
        PlanWork();
        // A stage whose work needs no answer to go on carries the next stage's handshake in the same order.
        if (CurrentStage.Work is not StageWork.Main && _stageIndex + 1 < _stages.Count)
        {
            _stageIndex++;
            _chainedHandshake = true;
            // The SELECT ends the current session after its wrapped commands.
            Add(new SelectCommand(Aid.Parse(CurrentStage.SelectAid)).ToApdu(), Role.Select);
            AddInitializeUpdate();
        }
        return new OtaContinue(Issue(_spec.Kind.ToString().ToLowerInvariant()));
    }

    private bool _chainedHandshake;

    /// <summary>The commands of the operation whose input is known now, after EXTERNAL AUTHENTICATE.</summary>
    private void PlanWork()
    {
        switch (CurrentStage.Work)
        {
            case StageWork.CreateSecurityDomain:
                PlanCreateSecurityDomain();
                return;
            case StageWork.SecurityDomainKeys:
                PlanSecurityDomainKeys();
                return;
            case StageWork.DeleteSecurityDomain:
                AddWork(DeleteCommand.ForObject(Aid.Parse(_spec.SecurityDomainAid!), deleteRelated: _spec.Cascade).ToApdu());
                AddWrapped(GetDataCommand.ExtendedCardResources.ToApdu(), Role.FreeMemory);
                return;
            case StageWork.PersonalizeThroughDomain:
                PlanPersonalizationThroughDomain();
                return;
            case StageWork.PersonalizeApplication:
                PlanPersonalizationOfApplication();
                return;
        }
        var app = _application;
        switch (_spec.Kind)
        {
            case OperationKind.Download:
                AddStatus(new GetStatusCommand(GetStatusScope.ExecutableLoadFilesAndModules, SearchAid: Hex.Parse(app!.LoadFileAid)), Role.StatusLoadFile);
                if (!_known.LoadFilePresent)
                {
                    var sd = string.IsNullOrEmpty(app.LoadFileSecurityDomainAid) || app.LoadFileSecurityDomainAid == _batch.IsdAid ? null : Aid.Parse(app.LoadFileSecurityDomainAid);
                    var block = _cap!.LoadFileDataBlock;
                    var parameters = new LoadParameters(NonVolatileCodeMinimum: block.Size).ToArray();
                    AddWork(InstallCommand.ForLoad(Aid.Parse(app.LoadFileAid), sd, (byte[])SHA1.HashData(block.Bytes.Span), parameters).ToApdu());
                    foreach (var load in LoadFileBuilder.BuildCommands(block.Bytes.Span, maxBlockSize: _options.LoadBlockSize))
                        AddWork(load.ToApdu());
                }
                foreach (var instance in app.Instances.Where(i => !_known.Instances.Contains(i.InstanceAid)))
                {
                    AddWork(InstallCommand.ForInstall(
                        Aid.Parse(app.LoadFileAid), Aid.Parse(instance.ModuleAid), Aid.Parse(instance.InstanceAid),
                        Privileges.Parse(Hex.Parse(instance.Privileges)),
                        new InstallParameters(Hex.Parse(instance.InstallParameters)).ToArray()).ToApdu());
                    if (!string.IsNullOrEmpty(app.SecurityDomainAid) && app.SecurityDomainAid != _batch.IsdAid)
                        AddWork(InstallCommand.ForExtradition(Aid.Parse(app.SecurityDomainAid), Aid.Parse(instance.InstanceAid)).ToApdu());
                }
                AddStatus(new GetStatusCommand(GetStatusScope.ApplicationsAndSecurityDomains, SearchAid: Hex.Parse(app.Aid)), Role.StatusApplications);
                break;
            case OperationKind.Delete:
                // Seed 5.8.4.2: the instances only when their load file has other instances, else the load file too.
                // The card knows: the instances go first, then the load file without "related objects", which the card
                // refuses (6985) while other instances of it remain; that answer means the load file stays.
                foreach (var instance in app!.Instances)
                    AddWork(DeleteCommand.ForObject(Aid.Parse(instance.InstanceAid), deleteRelated: false).ToApdu());
                AddWork(DeleteCommand.ForObject(Aid.Parse(app.LoadFileAid), deleteRelated: false).ToApdu());
                if (_spec.DeleteSecurityDomainAfter && _spec.SecurityDomainAid is { } emptied)
                {
                    // Seed 5.3.1 deletion rule: the SD goes with its last application.
                    AddWork(DeleteCommand.ForObject(Aid.Parse(emptied), deleteRelated: false).ToApdu());
                    AddWrapped(GetDataCommand.ExtendedCardResources.ToApdu(), Role.FreeMemory);
                }
                break;
            case OperationKind.Lock:
            case OperationKind.Unlock:
                foreach (var instance in app!.Instances)
                {
                    var aid = Aid.Parse(instance.InstanceAid);
                    AddWork((_spec.Kind == OperationKind.Lock ? SetStatusCommand.Lock(aid) : SetStatusCommand.Unlock(aid)).ToApdu());
                }
                break;
            case OperationKind.Sync:
                Plan(new Planned(CurrentStage.Work, GetDataCommand.KeyInformation.ToApdu(), _host!.Wrap(GetDataCommand.KeyInformation.ToApdu()).ToHex(), Role.KeyInformation));
                // One registry query at a time: a GET STATUS "next" must follow its own query (GP 2.2.1 §11.4.2.2).
                AddStatus(new GetStatusCommand(GetStatusScope.ExecutableLoadFilesAndModules), Role.StatusAll);
                _syncScopes.Enqueue(GetStatusScope.ApplicationsAndSecurityDomains);
                break;
            case OperationKind.Register:
                AddWork(new StoreDataCommand(0, true, RegistrationDgis(), StoreDataStructure.Dgi).ToApdu());
                break;
        }
    }

    /// <summary>
    /// Seed 5.8.3.1: GET STATUS of the SD (an interrupted attempt may have created it), INSTALL [for install and make
    /// selectable] with CMS2AC parameters from the SD's definition, then GET DATA FF21 for the free space after.
    /// </summary>
    private void PlanCreateSecurityDomain()
    {
        var sd = _sd!;
        AddStatus(new GetStatusCommand(GetStatusScope.ApplicationsAndSecurityDomains, SearchAid: Hex.Parse(sd.Aid)), Role.StatusApplications);
        var privileges = sd.Mode switch
        {
            3 => Privileges.DapVerification,
            4 => Privileges.DelegatedManagement,
            _ => Privileges.SecurityDomain,
        };
        var cms2ac = new Cms2acSdParameters(
            BaseProperties: Cms2acSdParameters.MakeBaseProperties(acceptsExtradition: true, mayDeleteItself: true, acceptsIsdInitiatedDeletion: true),
            KeyVersionNumber: sd.InitialKeyVersion,
            ScpIdentifier: 0x02,
            ScpOption: _batch.ScpI,
            MaxAuthenticationFailures: sd.MaxFailedAuthentications is { } max ? (byte)max : null,
            ManagedSpace: sd.FixedSpace is { } space ? new ManagedSpace(sd.FixedVolatileSpace, space) : null,
            MaxKeys: sd.MaxKeys is { } keys ? (byte)keys : null);
        AddWork(InstallCommand.ForInstall(
            Aid.Parse(sd.LoadFileAid), Aid.Parse(sd.ModuleAid), Aid.Parse(sd.Aid), privileges,
            InstallParameters.ForSecurityDomain(cms2ac).ToArray()).ToApdu());
        AddWrapped(GetDataCommand.ExtendedCardResources.ToApdu(), Role.FreeMemory);
    }

    /// <summary>
    /// Seed 5.8.3.1/5.8.3.2: PUT KEY replacing the key set the card reported with the new one (skipped when the card
    /// already holds the new version: an interrupted attempt put it), then SET STATUS personalized for a new SD.
    /// </summary>
    private void PlanSecurityDomainKeys()
    {
        var stage = CurrentStage;
        var current = _reportedKeyVersion!.Value;
        if (stage.KeyDomainAid is null)
        {
            // The ISD: a rotation of the batch to its newest key version (seed 5.8.9.3).
            var target = _batch.TargetKeyVersion;
            if (current != target)
            {
                using var next = _keyService.IsdKeys(_batch, _keyDiversificationData, target);
                AddPutKey(current, target, [.. new[] { next.Enc.ToArray(), next.Mac.ToArray(), next.Dek.ToArray() }.Select(k => Encrypted(k))]);
            }
            return;
        }
        // Skipped when the card already holds the new version (an interrupted attempt put it).
        var newVersion = _spec.NewKeySet?.KeyVersion ?? _spec.ProviderKeys?.KeyVersion;
        if (newVersion is { } version && version != current)
        {
            if (_spec.NewKeySet is { } generated)
                AddPutKey(current, version, _keyService.WrapForPutKey(generated, _host!));
            else
            {
                var provided = _spec.ProviderKeys!;
                var wrapped = provided.KeysUnderKek
                    .Select((k, i) => (_keyService.TranslateKekToDek(KeyOwner, Hex.Parse(k), _host!), Hex.Parse(provided.KeyCheckValues[i])))
                    .ToList();
                AddPutKey(current, version, wrapped);
            }
        }
        // SET STATUS of the SD by itself to PERSONALIZED (GP 2.2.1 §5.3.1.2): once its keys are its own.
        AddWork(new SetStatusCommand(SetStatusScope.ApplicationOrSecurityDomain, LifeCycle.Personalized, Aid.Parse(stage.KeyDomainAid)).ToApdu());
    }

    private (byte[] Encrypted, byte[] Kcv) Encrypted(byte[] key)
    {
        try
        {
            return (_host!.EncryptSensitive(key), DesMac.KeyCheckValue(key));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private void AddPutKey(byte current, byte version, IReadOnlyList<(byte[] Encrypted, byte[] Kcv)> keys)
    {
        ValueList<KeyComponent> components = [.. keys.Select(k => new KeyComponent(KeyComponent.Des, k.Encrypted, k.Kcv))];
        var plain = new PutKeyCommand(current, 0x01, version, components).ToApdu();
        byte[] expected = [version, .. keys.SelectMany(k => k.Kcv)];
        Plan(new Planned(CurrentStage.Work, plain, _host!.Wrap(plain).ToHex(), Role.PutKey, Expected: expected));
    }

    /// <summary>
    /// Mode 3 (seed 5.8.4.6.3): in the SD's channel, INSTALL [for personalization] of the application, then STORE DATA
    /// blocks the SD decrypts and forwards: the provider's DGIs in the template's order, sensitive ones re-encrypted
    /// from its KEK to the session DEK, each in its own block flagged "encrypted value fields" (GP 2.2.1 Table 11-81).
    /// </summary>
    private void PlanPersonalizationThroughDomain()
    {
        AddWork(InstallCommand.ForPersonalization(Aid.Parse(_application!.Aid)).ToApdu());
        var blocks = PersonalizationDgis();
        for (var i = 0; i < blocks.Count; i++)
        {
            var (dgi, sensitive) = blocks[i];
            AddWork(new StoreDataCommand((byte)i, i == blocks.Count - 1, dgi.ToArray(), StoreDataStructure.Dgi,
                sensitive ? StoreDataEncryption.Encrypted : StoreDataEncryption.None).ToApdu());
        }
    }

    /// <summary>
    /// Mode 2 (seed 5.8.4.6.2): the application selected, its SD's secure channel opened through it (the GP
    /// SecureChannel API), then each DGI in the template's command, wrapped by the channel (C-MAC, and C-DEC at
    /// level 03), sensitive values re-encrypted from the provider's KEK to the session DEK.
    /// </summary>
    private void PlanPersonalizationOfApplication()
    {
        var header = Hex.Parse(_application!.Personalization?.Mode2Header ?? "80E20000");
        var blocks = PersonalizationDgis();
        for (var i = 0; i < blocks.Count; i++)
        {
            var (dgi, sensitive) = blocks[i];
            var p1 = (byte)(header[2] | (i == blocks.Count - 1 ? StoreDataCommand.LastBlockBit : 0) | (sensitive ? 0x60 : 0x00) | 0x08);
            AddWork(new CommandApdu(header[0], header[1], p1, (byte)i, dgi.ToArray()));
        }
    }

    /// <summary>The provider's DGIs (decrypted from its TK) in the template's order; sensitive values translated KEK → session DEK.</summary>
    private List<(Dgi Dgi, bool Sensitive)> PersonalizationDgis()
    {
        var template = _application!.Personalization ?? throw new KeyServiceException("The application has no personalization template.");
        var plain = _keyService.DecryptUnderTransportKey(KeyOwner, Hex.Parse(_spec.Personalization?.Data ?? ""));
        try
        {
            var given = Dgi.ParseAll(plain).ToDictionary(d => d.Tag);
            var result = new List<(Dgi, bool)>();
            foreach (var field in template.Fields)
            {
                var tag = ushort.Parse(field.Dgi, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
                if (!given.TryGetValue(tag, out var dgi))
                    continue;
                result.Add(field.Sensitive
                    ? (new Dgi(tag, _keyService.TranslateKekToDek(KeyOwner, dgi.Value.Span, _host!)), true)
                    : (dgi, false));
            }
            return result;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private void AddWrapped(CommandApdu plain, Role role) => Plan(new Planned(CurrentStage.Work, plain, _host!.Wrap(plain).ToHex(), role));

    private static bool IsSuccess(StatusWord sw) => sw == StatusWords.Success || sw.Sw1 == 0x61;

    private byte[] RegistrationDgis()
    {
        var registration = _spec.Registration!;
        var token = Hex.Parse(registration.Token);
        try
        {
            return RegistrationData.EncodeDgis(Hex.Parse(registration.MsisdnBcd), token, Hex.Parse(registration.ImsiDigest));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(token);
        }
    }

    /// <summary>Whose keys (TK, KEK) protect the provider's data of this task: the asking provider, else the application's or the SD's owner.</summary>
    private string KeyOwner => _spec.ServiceProvider ?? _application?.ServiceProvider ?? _sd?.Owner ?? "";

    /// <summary>After the work order: done, or another order where a response decides (residue, paging).</summary>
    private OtaStep AfterWork()
    {
        if (_chainedHandshake)
        {
            // The order also carried the next stage's handshake, which Check has verified: its work comes next.
            _chainedHandshake = false;
            return AfterHandshake();
        }
        if (CurrentStage.Work == StageWork.Passthrough)
            return new OtaFinished(new TaskOutcome(TaskState.Succeeded, Responses: [.. _passthroughResponses]), _facts, _known);
        if (CurrentStage.Work != StageWork.Main && _stageIndex + 1 < _stages.Count)
        {
            _stageIndex++;
            _outstanding.Clear();
            PlanHandshake(first: false);
            return new OtaContinue(Issue($"open a secure channel to {CurrentStage.SelectAid}"));
        }
        if (_pendingPages.Count > 0)
        {
            _phase = Phase.Paging;
            foreach (var next in _pendingPages)
                AddStatus(next, Role.StatusAll);
            _pendingPages.Clear();
            return new OtaContinue(Issue("read the rest of the registry"));
        }
        if (_syncScopes.TryDequeue(out var scope))
        {
            AddStatus(new GetStatusCommand(scope), Role.StatusAll);
            return new OtaContinue(Issue("read the registry"));
        }
        if (_spec.Kind == OperationKind.Download)
        {
            var replan = ReconcileDownload();
            if (replan is not null)
                return replan;
        }
        var content = _spec.Kind switch
        {
            OperationKind.Download => new KnownContent(true, new HashSet<string>(_application!.Instances.Select(i => i.InstanceAid), StringComparer.OrdinalIgnoreCase)),
            OperationKind.Delete => new KnownContent(_loadFileKept, new HashSet<string>()),
            _ => _known,
        };
        var facts = _facts with
        {
            LoadFiles = _loadFiles.Count > 0 || _spec.Kind == OperationKind.Sync ? new Dictionary<string, IReadOnlyList<string>>(_loadFiles) : null,
            Instances = _instances.Count > 0 || _spec.Kind == OperationKind.Sync ? new Dictionary<string, byte>(_instances) : null,
            LoadFileKept = _spec.Kind == OperationKind.Delete ? _loadFileKept : null,
        };
        return new OtaFinished(new TaskOutcome(TaskState.Succeeded), facts, content);
    }

    /// <summary>
    /// Compares what the download did with what GET STATUS showed (seed 5.8.7.1, 5.8.8): a partial load file from an
    /// interrupted download is deleted and the download redone; instances still missing are installed; else done.
    /// </summary>
    private OtaStep? ReconcileDownload()
    {
        var app = _application!;
        var listed = _loadFiles.TryGetValue(app.LoadFileAid, out var modules);
        var complete = _loadSucceeded || _known.LoadFilePresent
            || (listed && app.Instances.All(i => modules!.Contains(i.ModuleAid, StringComparer.OrdinalIgnoreCase)));
        var present = new HashSet<string>(_installedNow, StringComparer.OrdinalIgnoreCase);
        present.UnionWith(_instances.Keys.Where(aid => app.Instances.Any(i => i.InstanceAid.Equals(aid, StringComparison.OrdinalIgnoreCase))));
        var missing = app.Instances.Where(i => !present.Contains(i.InstanceAid)).ToList();
        if (complete && missing.Count == 0)
            return null;
        if (++_replans > 2)
            return Fail("the download could not be completed: the SE's registry does not match the plan");
        _loadSucceeded = false;
        _installedNow.Clear();
        _instances.Clear();
        if (listed && !complete)
        {
            // A load file from an interrupted download (seed 5.8.7.1, 5.8.8): delete it, then download again.
            _loadFiles.Remove(app.LoadFileAid);
            _known = new KnownContent(false, new HashSet<string>(StringComparer.OrdinalIgnoreCase));
            AddWork(DeleteCommand.ForObject(Aid.Parse(app.LoadFileAid), deleteRelated: true).ToApdu());
            PlanWork();
            return new OtaContinue(Issue("delete the residue of an interrupted download and download again"));
        }
        _known = new KnownContent(complete, present);
        PlanWork();
        return new OtaContinue(Issue("finish the interrupted download"));
    }

    private void Record(GetStatusCommand command, ResponseApdu response)
    {
        GetStatusResponse parsed;
        try
        {
            parsed = GetStatusResponse.Parse(response, command);
        }
        catch (GpFormatException)
        {
            return;
        }
        foreach (var entry in parsed.Entries)
        {
            if (command.Scope is GetStatusScope.ExecutableLoadFiles or GetStatusScope.ExecutableLoadFilesAndModules)
                _loadFiles[entry.Aid.ToString()] = entry.ModuleAids.Select(m => m.ToString()).ToList();
            else
                _instances[entry.Aid.ToString()] = entry.LifeCycle;
        }
        if (parsed.HasMore)
            _pendingPages.Add(command.NextPart());
    }

    /// <summary>
    /// Answers the plan expects: during a download, a load or install meeting the work of an earlier, interrupted
    /// attempt (6985 exists, 6A88 no such load file) — the registry read in the same order decides what follows;
    /// a delete of what is already gone.
    /// </summary>
    private bool Tolerated(Planned planned, ResponseApdu response)
    {
        var sw = response.StatusWord;
        var ins = planned.Plain.Ins;
        if (_spec.Kind == OperationKind.Delete && ins == DeleteCommand.Ins && sw == StatusWords.ReferencedDataNotFound)
            return true;
        if (_spec.Kind == OperationKind.Delete && ins == DeleteCommand.Ins && sw == StatusWords.ConditionsNotSatisfied
            && _application is not null && DeletesExactly(planned.Plain, _application.LoadFileAid))
        {
            _loadFileKept = true; // other instances of the load file remain on the SE
            return true;
        }
        if (planned.Stage == StageWork.CreateSecurityDomain && ins == 0xE6 && sw == StatusWords.ConditionsNotSatisfied
            && _instances.ContainsKey(_sd!.Aid))
            return true; // created by an interrupted attempt: GET STATUS in the same order listed it
        if (planned.Stage == StageWork.SecurityDomainKeys && ins == SetStatusCommand.Ins && sw == StatusWords.IncorrectData)
        {
            _facts = _facts with { SecurityDomainPersonalized = true }; // personalized by an interrupted attempt
            return true;
        }
        if (planned.Stage == StageWork.DeleteSecurityDomain && ins == DeleteCommand.Ins && sw == StatusWords.ReferencedDataNotFound)
        {
            _facts = _facts with { SecurityDomainDeleted = true };
            return true; // gone already
        }
        if (_spec.DeleteSecurityDomainAfter && ins == DeleteCommand.Ins && _spec.SecurityDomainAid is { } rule && DeletesExactly(planned.Plain, rule)
            && (sw == StatusWords.ReferencedDataNotFound || sw == StatusWords.ConditionsNotSatisfied))
        {
            // Gone already, or still holding something the platform does not know of: the application's delete stands.
            if (sw == StatusWords.ReferencedDataNotFound)
                _facts = _facts with { SecurityDomainDeleted = true };
            return true;
        }
        if (_spec.Kind != OperationKind.Download || _application is null)
            return false;
        var isLoad = ins == 0xE8 || (ins == 0xE6 && planned.Plain.P1 == 0x02);
        var isInstall = ins == 0xE6 && (planned.Plain.P1 & 0x0C) != 0;
        var loadFileListed = _loadFiles.ContainsKey(_application.LoadFileAid);
        if (isLoad && loadFileListed && sw == StatusWords.ConditionsNotSatisfied)
            return true;
        if (isLoad && !loadFileListed && ins == 0xE8 && sw == StatusWords.ConditionsNotSatisfied && _loadFailed)
            return true;
        if (isInstall && (sw == StatusWords.ConditionsNotSatisfied || sw == StatusWords.ReferencedDataNotFound) && (loadFileListed || _loadFailed))
            return true;
        return false;
    }


    /// <summary>Whether a DELETE names exactly this AID (tag 4F), not an AID that merely starts with it.</summary>
    private static bool DeletesExactly(CommandApdu delete, string aid)
    {
        var data = delete.Data.Span;
        var bytes = Hex.Parse(aid);
        return data.Length == bytes.Length + 2 && data[0] == 0x4F && data[1] == bytes.Length && data[2..].SequenceEqual(bytes);
    }

    private void Plan(Planned planned) => _outstanding.Add(planned);

    private void Add(CommandApdu plain, Role role) => Plan(new Planned(CurrentStage.Work, plain, plain.ToHex(), role));

    private void AddStatus(GetStatusCommand status, Role role)
    {
        var plain = status.ToApdu();
        Plan(new Planned(CurrentStage.Work, plain, _host!.Wrap(plain).ToHex(), role, status));
    }

    private void AddWork(CommandApdu plain) => Plan(new Planned(CurrentStage.Work, plain, _host!.Wrap(plain).ToHex(), Role.Work));

    private OtaOrder Issue(string purpose)
    {
        Outstanding = new OtaOrder(++_sequence, _outstanding.Select(p => p.Wire).ToList(), purpose);
        return Outstanding;
    }

    private OtaFinished Fail(string reason, StatusWord? sw = null) =>
        new(new TaskOutcome(TaskState.Failed, reason, sw?.ToString()), _facts, _known);

    private static string Describe(CommandApdu plain) => plain.Ins switch
    {
        0xE6 => "INSTALL",
        0xE8 => $"LOAD block {plain.P2}",
        0xE4 => "DELETE",
        0xF0 => "SET STATUS",
        0xE2 => "STORE DATA",
        0xF2 => "GET STATUS",
        _ => $"INS {plain.Ins:X2}",
    };

    private static bool ContainsAid(ReadOnlySpan<byte> data, string aid) =>
        data.IndexOf(Hex.Parse(aid)) >= 0;

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

    public void Dispose()
    {
        _host?.Dispose();
        _keys?.Dispose();
    }
}
