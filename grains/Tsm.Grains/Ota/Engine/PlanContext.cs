using Tsm.Grains.Catalogue;
using Tsm.Grains.Keys;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Cap;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Grains.Ota.Engine;

/// <summary>
/// What the plans of one session share: the task and its catalogue entries, what the card told so far (facts,
/// registry, the stage's secure channel), the download's progress, and the commands of the order being built.
/// </summary>
internal sealed class PlanContext(
    TaskSpec spec,
    SeBatch batch,
    ApplicationDefinition? application,
    CapFile? cap,
    SecurityDomainDefinition? securityDomain,
    KnownContent known,
    IKeyService keyService,
    OtaOptions options)
{
    private readonly List<PlannedCommand> _order = [];

    public TaskSpec Spec { get; } = spec;

    public SeBatch Batch { get; } = batch;

    public ApplicationDefinition? Application { get; } = application;

    public CapFile? Cap { get; } = cap;

    /// <summary>What a download loads before the application's load file when the card lacks it, in order (requirement 5.8.4.1).</summary>
    public IReadOnlyList<PrerequisiteLoadFile> Prerequisites { get; init; } = [];

    /// <summary>The supplementary SD definition the task creates or works on, if any.</summary>
    public SecurityDomainDefinition? SecurityDomain { get; } = securityDomain;

    public IKeyService KeyService { get; } = keyService;

    public OtaOptions Options { get; } = options;

    /// <summary>What the platform believes is on the card for the application (updated when a download is redone).</summary>
    public KnownContent Known { get; set; } = known;

    public CardFacts Facts { get; set; } = new();

    public RegistryReader Registry { get; } = new();

    public SecureChannel Channel { get; } = new();

    /// <summary>The stage whose commands are being planned now.</summary>
    public SecureChannelStage Stage { get; set; } = new(StageWork.Main, batch.IsdAid, null);

    /// <summary>Instances an INSTALL of this session created.</summary>
    public HashSet<string> InstalledNow { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>INSTALL [for load] met the work of an earlier attempt (6985): LOAD blocks that follow meet it too.</summary>
    public bool LoadRefused { get; set; }

    /// <summary>The last LOAD block was accepted: the load file is complete.</summary>
    public bool LoadCompleted { get; set; }

    /// <summary>A delete left the load file (other instances of it remain).</summary>
    public bool LoadFileKept { get; set; }

    /// <summary>
    /// The task ran before (an earlier session was cut off): what the card holds is read before anything is sent
    /// again, so LOAD blocks the card already took or refused are not sent twice.
    /// </summary>
    public bool Resumed { get; set; }

    /// <summary>The application's answers to passed-through commands, in order.</summary>
    public List<string> PassthroughResponses { get; } = [];

    /// <summary>The commands planned for the next order.</summary>
    public IReadOnlyList<PlannedCommand> Order => _order;

    /// <summary>Whose keys (TK, KEK) protect the provider's data: the asking provider, else the application's or the SD's owner.</summary>
    public string KeyOwner => Spec.ServiceProvider ?? Application?.ServiceProvider ?? SecurityDomain?.Owner ?? "";

    public bool IsIsd(string aid) => aid.Equals(Batch.IsdAid, StringComparison.OrdinalIgnoreCase);

    /// <summary>The application's SD: the ISD when it names none.</summary>
    public string ApplicationDomain => Application is { SecurityDomainAid.Length: > 0 } app ? app.SecurityDomainAid : Batch.IsdAid;

    public void ClearOrder() => _order.Clear();

    /// <summary>A command sent as it is (before the secure channel, or passed through).</summary>
    public void Plain(CommandApdu command, CommandIntent intent, bool sensitive = false) =>
        _order.Add(new PlannedCommand(Stage.Work, command, command.ToHex(), intent, Sensitive: sensitive));

    /// <summary>A command wrapped by the stage's secure channel.</summary>
    public void Wrapped(CommandApdu command, CommandIntent intent, string? aid = null, bool sensitive = false) =>
        _order.Add(new PlannedCommand(Stage.Work, command, Channel.Host.Wrap(command).ToHex(), intent, aid, Sensitive: sensitive));

    public void Status(GetStatusCommand query)
    {
        var command = query.ToApdu();
        _order.Add(new PlannedCommand(Stage.Work, command, Channel.Host.Wrap(command).ToHex(), CommandIntent.RegistryStatus, Status: query));
    }

    /// <summary>PUT KEY replacing version <paramref name="current"/> by <paramref name="version"/>; its answer must be the version and the KCVs.</summary>
    public void PutKey(byte current, byte version, IReadOnlyList<(byte[] Encrypted, byte[] Kcv)> keys)
    {
        ValueList<KeyComponent> components = [.. keys.Select(k => new KeyComponent(KeyComponent.Des, k.Encrypted, k.Kcv))];
        var plain = new PutKeyCommand(current, 0x01, version, components).ToApdu();
        byte[] expected = [version, .. keys.SelectMany(k => k.Kcv)];
        _order.Add(new PlannedCommand(Stage.Work, plain, Channel.Host.Wrap(plain).ToHex(), CommandIntent.PutKey, Expected: expected, Sensitive: true));
    }

    /// <summary>GET DATA FF21 in the channel: the free space after the work (requirement 5.8.7.1).</summary>
    public void FreeMemory() => Wrapped(GetDataCommand.ExtendedCardResources.ToApdu(), CommandIntent.FreeMemory);
}
