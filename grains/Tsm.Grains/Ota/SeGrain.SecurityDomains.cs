using Tsm.Grains.Catalogue;
using Tsm.Grains.Keys;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Grains.Ota;

/// <summary>A supplementary SD the platform created on one SE: the provider's subscription, its state and the keys the platform holds.</summary>
[GenerateSerializer]
public sealed class SecurityDomainOnSe
{
    /// <summary>The owning provider ("" for the operator's own SDs): the subscription provider ↔ SE (seed 5.8.3.1).</summary>
    [Id(0)] public string Owner { get; set; } = "";

    /// <summary>Its keys were replaced and it was set PERSONALIZED (seed 5.8.3.1: only then usable).</summary>
    [Id(1)] public bool Personalized { get; set; }

    /// <summary>Key sets the platform holds for it (operator SDs only), protected by the key service.</summary>
    [Id(2)] public List<ProtectedKeySet> KeySets { get; set; } = [];

    [Id(3)] public byte? KeyVersion { get; set; }

    /// <summary>Fixed space reserved on the SE for the SD (seed 5.8.3.1), or null for shared space.</summary>
    [Id(4)] public long? FixedSpace { get; set; }

    [Id(5)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the SD got its current keys (for the key update period of seed 5.3.1).</summary>
    [Id(6)] public DateTimeOffset? KeysUpdatedAt { get; set; }
}

// Security-domain operations (seed 5.8.3) and personalization (5.8.4.6): validation when a request is accepted, and
// what a finished task changes in the platform's view of the SE.
public sealed partial class SeGrain
{
    private const string PlatformChannel = "platform";

    public Task<IReadOnlyDictionary<string, SecurityDomainView>> SecurityDomains() =>
        Task.FromResult<IReadOnlyDictionary<string, SecurityDomainView>>(state.State.SecurityDomains.ToDictionary(
            d => d.Key,
            d => new SecurityDomainView(d.Key, d.Value.Owner, d.Value.Personalized, d.Value.KeyVersion, d.Value.FixedSpace),
            StringComparer.OrdinalIgnoreCase));

    /// <summary>The task spec of an SD operation, a personalization or application commands, after every check (or a refusal).</summary>
    private TaskSpec PrepareExtendedTask(OperationCommand command, TaskSpec spec)
    {
        return command.Kind switch
        {
            OperationKind.CreateSecurityDomain => PrepareCreate(command, spec),
            OperationKind.UpdateSecurityDomainKeys => PrepareKeyUpdate(command, spec),
            OperationKind.DeleteSecurityDomain => PrepareDelete(command, spec),
            OperationKind.Personalize => PreparePersonalization(command, spec),
            OperationKind.ApplicationCommands => PrepareCommands(command, spec),
            _ => spec,
        };
    }

    private SecurityDomainDefinition KnownDefinition(string? aid)
    {
        if (string.IsNullOrEmpty(aid))
            throw new OtaRequestException(400, "Security domain missing", "The operation names no security domain AID.");
        return catalogue.FindSecurityDomain(aid)
            ?? throw new OtaRequestException(404, "Unknown security domain", $"Security domain {aid} is not defined on the platform.");
    }

    private static void RequireOwner(OperationCommand command, SecurityDomainDefinition definition)
    {
        if (command.ServiceProvider is { } provider && !definition.Owner.Equals(provider, StringComparison.OrdinalIgnoreCase))
            throw new OtaRequestException(403, "Not your security domain", $"Security domain {definition.Aid} belongs to another provider.");
    }

    /// <summary>Whether a task of one of these kinds is waiting or running for the SD.</summary>
    private bool HasPendingFor(string sdAid, params OperationKind[] kinds) =>
        state.State.Pending.Any(p => string.Equals(p.Spec.SecurityDomainAid, sdAid, StringComparison.OrdinalIgnoreCase) && kinds.Contains(p.Spec.Kind));

    private TaskSpec PrepareCreate(OperationCommand command, TaskSpec spec)
    {
        var definition = KnownDefinition(command.SecurityDomainAid);
        RequireOwner(command, definition);
        var s = state.State;
        if (s.SecurityDomains.ContainsKey(definition.Aid) || HasPendingFor(definition.Aid, OperationKind.CreateSecurityDomain, OperationKind.DeleteSecurityDomain))
            throw new OtaRequestException(409, "Security domain exists", $"Security domain {definition.Aid} is already created (or being created) on the SE.");
        if (definition.FixedSpace is { } space && s.Facts?.FreeNonVolatile is { } free && free < space)
            throw new OtaRequestException(409, "Not enough space", $"The SE has {free} bytes free; the security domain reserves {space}.");
        spec = spec with { SecurityDomainAid = definition.Aid.ToUpperInvariant(), IsdKeyVersion = s.Facts?.KeyVersion };
        if (definition.IsOperatorOwned)
        {
            if (command.ProviderKeys is not null)
                throw new OtaRequestException(400, "Keys not expected", "The platform generates the keys of the operator's own security domains.");
            return spec with { NewKeySet = keyService.GenerateKeySet(definition.KeyVersion) };
        }
        // A third party's SD: its provider sends the keys under its KEK now, or later with a key update (seed 5.8.3.1).
        return command.ProviderKeys is null ? spec : spec with { ProviderKeys = CheckedProviderKeys(command, definition.Owner) };
    }

    private TaskSpec PrepareKeyUpdate(OperationCommand command, TaskSpec spec)
    {
        var batch = Batch;
        var s = state.State;
        var target = string.IsNullOrEmpty(command.SecurityDomainAid) ? batch.IsdAid : command.SecurityDomainAid;
        if (target.Equals(batch.IsdAid, StringComparison.OrdinalIgnoreCase))
        {
            // The ISD's keys: a rotation of the batch to its newest key version (seed 5.8.9.3), the operator's to order.
            if (command.Channel == ProviderChannel)
                throw new OtaRequestException(403, "Not your security domain", "The ISD's keys are the operator's.");
            if (s.Facts?.KeyVersion is { } current && current == batch.TargetKeyVersion)
                throw new OtaRequestException(409, "Keys up to date", $"The ISD already holds key version {current:X2}, the batch's newest.");
            if (HasPendingFor(batch.IsdAid, OperationKind.UpdateSecurityDomainKeys))
                throw new OtaRequestException(409, "Key update queued", "An ISD key update is already waiting on this SE.");
            return spec with { SecurityDomainAid = batch.IsdAid.ToUpperInvariant() };
        }
        var definition = KnownDefinition(target);
        RequireOwner(command, definition);
        if (!s.SecurityDomains.TryGetValue(definition.Aid, out var onSe))
            throw new OtaRequestException(409, "Security domain not on the SE", $"Security domain {definition.Aid} is not created on the SE.");
        if (definition.IsOperatorOwned)
            return OperatorKeyUpdate(spec, definition, onSe);
        spec = spec with { SecurityDomainAid = definition.Aid.ToUpperInvariant(), SecurityDomainKeySets = [.. onSe.KeySets], IsdKeyVersion = s.Facts?.KeyVersion };
        if (onSe.Personalized)
            throw new OtaRequestException(409, "Keys not held by the platform",
                "The platform does not hold this third-party security domain's keys; its provider updates them itself through application commands (mode 1).");
        if (command.ProviderKeys is null)
            throw new OtaRequestException(400, "Keys missing", "A third-party security domain's new keys come from its provider, under its KEK.");
        return spec with { ProviderKeys = CheckedProviderKeys(command, definition.Owner) };
    }

    private static byte NextKeyVersion(byte current) => current >= 0x7F ? (byte)0x01 : (byte)(current + 1);

    private ProviderKeySet CheckedProviderKeys(OperationCommand command, string owner)
    {
        var keys = command.ProviderKeys!;
        if (keys.KeyVersion is 0 or > 0x7F)
            throw new OtaRequestException(400, "Bad key version", "A key version is 01 to 7F.");
        if (keys.KeysUnderKek.Count != 3 || keys.KeyCheckValues.Count != 3)
            throw new OtaRequestException(400, "Bad key set", "A key set is three keys (ENC, MAC, DEK), each with its KCV.");
        for (var i = 0; i < 3; i++)
        {
            if (!Hex.TryParse(keys.KeysUnderKek[i], out var key) || key.Length != 16 || !Hex.TryParse(keys.KeyCheckValues[i], out var kcv) || kcv.Length != 3)
                throw new OtaRequestException(400, "Bad key set", "Each key is 16 bytes under the KEK (hex) and each KCV 3 bytes (hex).");
            bool verified;
            try
            {
                verified = keyService.VerifyUnderKek(owner, key, kcv);
            }
            catch (KeyServiceException ex)
            {
                throw new OtaRequestException(400, "Bad KEK data", ex.Message);
            }
            if (!verified)
                throw new OtaRequestException(400, "Bad KEK data", $"Key {i + 1} does not match its key check value under the provider's KEK.");
        }
        return keys;
    }

    private TaskSpec PrepareDelete(OperationCommand command, TaskSpec spec)
    {
        var batch = Batch;
        if (string.IsNullOrEmpty(command.SecurityDomainAid))
            throw new OtaRequestException(400, "Security domain missing", "The operation names no security domain AID.");
        if (command.SecurityDomainAid.Equals(batch.IsdAid, StringComparison.OrdinalIgnoreCase))
            throw new OtaRequestException(409, "The ISD cannot be deleted", "The issuer security domain is never deleted (seed 5.8.3.3).");
        var definition = KnownDefinition(command.SecurityDomainAid);
        RequireOwner(command, definition);
        var s = state.State;
        if (!s.SecurityDomains.ContainsKey(definition.Aid))
            throw new OtaRequestException(409, "Security domain not on the SE", $"Security domain {definition.Aid} is not created on the SE.");
        if (HasPendingFor(definition.Aid, OperationKind.CreateSecurityDomain, OperationKind.DeleteSecurityDomain))
            throw new OtaRequestException(409, "Security domain busy", "The security domain is being created or deleted.");
        var contents = ApplicationsOf(definition.Aid).ToList();
        if (contents.Count > 0 && !(command.Cascade && command.Channel == PlatformChannel))
            throw new OtaRequestException(409, "Security domain not empty",
                $"Delete its applications first: {string.Join(", ", contents)} (seed 5.8.3.3).");
        return spec with { SecurityDomainAid = definition.Aid.ToUpperInvariant(), Cascade = contents.Count > 0 };
    }

    /// <summary>Applications of the SD that are on the SE (any state but Ready).</summary>
    private IEnumerable<string> ApplicationsOf(string sdAid) =>
        catalogue.Applications
            .Where(a => a.SecurityDomainAid.Equals(sdAid, StringComparison.OrdinalIgnoreCase))
            .Where(a => state.State.Applications.GetValueOrDefault(a.Aid, ApplicationState.Ready) != ApplicationState.Ready)
            .Select(a => a.Aid);

    private TaskSpec PreparePersonalization(OperationCommand command, TaskSpec spec)
    {
        var app = catalogue.FindApplication(command.ApplicationAid ?? "")!;
        var current = state.State.Applications.GetValueOrDefault(app.Aid, ApplicationState.Ready);
        if (current is not (ApplicationState.Instantiated or ApplicationState.Personalized or ApplicationState.Useable))
            throw new OtaRequestException(409, "Cannot personalize", $"Only an installed, unlocked application is personalized; it is {current}.");
        var input = command.Personalization ?? throw new OtaRequestException(400, "Personalization missing", "The request carries no personalization data.");
        if (input.Mode == 1)
            return spec with { Personalization = input with { Commands = CheckedCommands(input.Commands) } };
        if (input.Mode is not (2 or 3))
            throw new OtaRequestException(400, "Bad personalization mode", "The personalization mode is 1, 2 or 3 (seed 5.8.4.6).");
        var template = app.Personalization
            ?? throw new OtaRequestException(409, "No personalization template", "The application has no personalization template: use mode 1.");
        var sdKeys = DomainKeysFor(app);
        var provider = command.ServiceProvider ?? app.ServiceProvider;
        CheckPersonalizationData(provider, template, input.Data);
        return spec with { Personalization = input, ServiceProvider = provider, SecurityDomainKeySets = sdKeys, IsdKeyVersion = state.State.Facts?.KeyVersion };
    }

    /// <summary>
    /// The keys of the application's SD the platform holds: none needed for the ISD (derived per card); an operator
    /// SSD's stored sets; a third party's SD → its keys are not the platform's, so modes 2 and 3 fall back to mode 1.
    /// </summary>
    private List<ProtectedKeySet> DomainKeysFor(ApplicationDefinition app)
    {
        if (string.IsNullOrEmpty(app.SecurityDomainAid) || app.SecurityDomainAid.Equals(Batch.IsdAid, StringComparison.OrdinalIgnoreCase))
            return [];
        if (state.State.SecurityDomains.TryGetValue(app.SecurityDomainAid, out var onSe) && onSe.KeySets.Count > 0)
            return [.. onSe.KeySets];
        throw new OtaRequestException(409, "Mode 1 only",
            "The platform does not hold the keys of the application's security domain: personalize in mode 1 (seed 5.8.4.6.1).");
    }

    /// <summary>Decrypts the data under the provider's TK and checks its DGIs against the template (nothing decrypted is kept).</summary>
    private void CheckPersonalizationData(string provider, PersonalizationTemplate template, string? data)
    {
        if (string.IsNullOrEmpty(data) || !Hex.TryParse(data, out var encrypted))
            throw new OtaRequestException(400, "Bad personalization data", "Modes 2 and 3 carry the DGIs encrypted under the provider's transport key, in hex.");
        byte[] plain;
        try
        {
            plain = keyService.DecryptUnderTransportKey(provider, encrypted);
        }
        catch (KeyServiceException ex)
        {
            throw new OtaRequestException(400, "Bad TK data", ex.Message);
        }
        try
        {
            ValueList<Dgi> dgis;
            try
            {
                dgis = Dgi.ParseAll(plain);
            }
            catch (GpFormatException)
            {
                throw new OtaRequestException(400, "Bad personalization data", "The data under the transport key is not a sequence of DGIs.");
            }
            var fields = template.Fields.ToDictionary(f => ushort.Parse(f.Dgi, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture));
            foreach (var dgi in dgis)
            {
                if (!fields.TryGetValue(dgi.Tag, out var field))
                    throw new OtaRequestException(400, "Bad personalization data", $"DGI {dgi.Tag:X4} is not in the application's personalization template.");
                if (field.Sensitive && (dgi.Value.Length == 0 || dgi.Value.Length % 8 != 0))
                    throw new OtaRequestException(400, "Bad KEK data", $"DGI {dgi.Tag:X4} is sensitive: its value is whole DES blocks under the provider's KEK.");
            }
            var missing = template.Fields.Where(f => f.Required && !dgis.Any(d => d.Tag.ToString("X4", System.Globalization.CultureInfo.InvariantCulture).Equals(f.Dgi, StringComparison.OrdinalIgnoreCase))).ToList();
            if (missing.Count > 0)
                throw new OtaRequestException(400, "Bad personalization data", $"Missing DGIs: {string.Join(", ", missing.Select(f => f.Dgi))}.");
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(plain);
        }
    }

    private TaskSpec PrepareCommands(OperationCommand command, TaskSpec spec)
    {
        var app = catalogue.FindApplication(command.ApplicationAid ?? "")!;
        var current = state.State.Applications.GetValueOrDefault(app.Aid, ApplicationState.Ready);
        if (current is ApplicationState.Ready or ApplicationState.Loaded or ApplicationState.Locked)
            throw new OtaRequestException(409, "Application not usable", $"Commands go to an installed, unlocked application; it is {current}.");
        return spec with { Commands = CheckedCommands(command.Commands) };
    }

    private static IReadOnlyList<string> CheckedCommands(IReadOnlyList<string>? commands)
    {
        if (commands is not { Count: > 0 and <= 64 })
            throw new OtaRequestException(400, "Bad commands", "Between 1 and 64 C-APDUs (hex) are passed through.");
        var result = new List<string>(commands.Count);
        foreach (var command in commands)
        {
            try
            {
                result.Add(CommandApdu.Parse(Hex.Parse(command)).ToHex());
            }
            catch (Exception ex) when (ex is FormatException or ApduFormatException)
            {
                throw new OtaRequestException(400, "Bad commands", "A command is not a C-APDU in hex.");
            }
        }
        return result;
    }

    /// <summary>
    /// Download (seed 5.8.4.1): when the application's SD is an operator SD not yet on the SE, the task creates it
    /// first with keys generated now; a third party's missing SD must be created by its provider (with its keys).
    /// </summary>
    private TaskSpec WithSecurityDomainFirst(ApplicationDefinition app, TaskSpec spec)
    {
        var sdAid = app.SecurityDomainAid;
        if (string.IsNullOrEmpty(sdAid) || sdAid.Equals(Batch.IsdAid, StringComparison.OrdinalIgnoreCase) || state.State.SecurityDomains.ContainsKey(sdAid))
            return spec;
        var definition = catalogue.FindSecurityDomain(sdAid);
        if (definition is null)
            return spec; // an SD the platform does not manage (preset on the card)
        if (!definition.IsOperatorOwned)
            throw new OtaRequestException(409, "Security domain missing", $"The application's security domain {sdAid} belongs to provider {definition.Owner}, who creates it first.");
        return spec with
        {
            SecurityDomainAid = definition.Aid.ToUpperInvariant(),
            CreateSecurityDomainFirst = true,
            NewKeySet = keyService.GenerateKeySet(definition.KeyVersion),
            IsdKeyVersion = state.State.Facts?.KeyVersion,
        };
    }

    /// <summary>
    /// Delete (seed 5.3.1 deletion rule): when the application is the last one on the SE of an SD created by the
    /// platform whose definition deletes it with its last application, the task deletes the SD too.
    /// </summary>
    private TaskSpec WithSecurityDomainDeletion(ApplicationDefinition app, TaskSpec spec)
    {
        var sdAid = app.SecurityDomainAid;
        if (string.IsNullOrEmpty(sdAid) || !state.State.SecurityDomains.ContainsKey(sdAid)
            || catalogue.FindSecurityDomain(sdAid) is not { DeleteWithLastApplication: true } definition)
            return spec;
        if (ApplicationsOf(sdAid).Any(aid => !aid.Equals(app.Aid, StringComparison.OrdinalIgnoreCase)))
            return spec;
        return spec with { SecurityDomainAid = definition.Aid.ToUpperInvariant(), DeleteSecurityDomainAfter = true };
    }

    /// <summary>
    /// Seed 5.3.1 key update period: queues a key update (platform channel) for each operator SD whose keys are older
    /// than its definition's period and that has none waiting. Called at login; says whether it queued any.
    /// </summary>
    private bool QueueDueKeyUpdates()
    {
        var s = state.State;
        var now = time.GetUtcNow();
        var queued = false;
        foreach (var (aid, onSe) in s.SecurityDomains)
        {
            if (catalogue.FindSecurityDomain(aid) is not { IsOperatorOwned: true, KeyUpdatePeriod: { } period } definition
                || !onSe.Personalized || onSe.KeysUpdatedAt is not { } since || now - since < period)
                continue;
            if (HasPendingFor(aid, OperationKind.UpdateSecurityDomainKeys))
                continue;
            Start(OperatorKeyUpdate(NewSpec(OperationKind.UpdateSecurityDomainKeys, null, s.Msisdn ?? "", PlatformChannel), definition, onSe));
            queued = true;
        }
        return queued;
    }

    /// <summary>An operator SD's key update: the keys it holds now, and the next version generated by the key service.</summary>
    private TaskSpec OperatorKeyUpdate(TaskSpec spec, SecurityDomainDefinition definition, SecurityDomainOnSe onSe) => spec with
    {
        SecurityDomainAid = definition.Aid.ToUpperInvariant(),
        SecurityDomainKeySets = [.. onSe.KeySets],
        IsdKeyVersion = state.State.Facts?.KeyVersion,
        NewKeySet = keyService.GenerateKeySet(NextKeyVersion(onSe.KeyVersion ?? definition.KeyVersion)),
    };

    /// <summary>What an SD task (or a download that created an SD) changed, recorded even when a later step failed.</summary>
    private void ApplySecurityDomain(TaskSpec spec, TaskOutcome outcome, CardFacts? facts)
    {
        var s = state.State;
        var succeeded = outcome.State == TaskState.Succeeded;
        if (spec.Kind == OperationKind.Sync && succeeded && facts?.Instances is { } onCard)
        {
            // An info sync (seed 5.8.4.5) also reconciles the SDs: one gone from the SE is no longer subscribed.
            foreach (var gone in s.SecurityDomains.Keys.Where(aid => !onCard.ContainsKey(aid)).ToList())
                s.SecurityDomains.Remove(gone);
            foreach (var (aid, onSe) in s.SecurityDomains)
                onSe.Personalized = (onCard[aid] & ~LifeCycle.LockedBit) == LifeCycle.Personalized;
            return;
        }
        var sdAid = spec.SecurityDomainAid;
        if (sdAid is null)
            return;
        switch (spec.Kind)
        {
            case OperationKind.CreateSecurityDomain or OperationKind.Download when spec.Kind == OperationKind.CreateSecurityDomain || spec.CreateSecurityDomainFirst:
            {
                var keysPut = spec.NewKeySet is { } generated && facts?.SecurityDomainKeyVersion == generated.KeyVersion
                    || spec.ProviderKeys is { } provided && facts?.SecurityDomainKeyVersion == provided.KeyVersion;
                if (!succeeded && !keysPut)
                    return;
                var definition = catalogue.FindSecurityDomain(sdAid);
                s.SecurityDomains[sdAid] = new SecurityDomainOnSe
                {
                    Owner = definition?.Owner ?? "",
                    Personalized = facts?.SecurityDomainPersonalized ?? false,
                    KeySets = keysPut && spec.NewKeySet is { } set ? [set] : [],
                    KeyVersion = facts?.SecurityDomainKeyVersion,
                    FixedSpace = definition?.FixedSpace,
                    CreatedAt = time.GetUtcNow(),
                    KeysUpdatedAt = keysPut ? time.GetUtcNow() : null,
                };
                break;
            }
            case OperationKind.UpdateSecurityDomainKeys when sdAid.Equals(Batch.IsdAid, StringComparison.OrdinalIgnoreCase):
                if (succeeded && s.Facts is not null)
                    s.Facts = s.Facts with { KeyVersion = Batch.TargetKeyVersion };
                break;
            case OperationKind.UpdateSecurityDomainKeys when s.SecurityDomains.TryGetValue(sdAid, out var onSe):
            {
                var newVersion = spec.NewKeySet?.KeyVersion ?? spec.ProviderKeys?.KeyVersion;
                if (newVersion is null || facts?.SecurityDomainKeyVersion != newVersion)
                    break;
                // The card holds the new version now: the old keys are of no more use (seed 5.8.9.3).
                onSe.KeySets = spec.NewKeySet is { } set ? [set] : [];
                onSe.KeyVersion = newVersion;
                onSe.KeysUpdatedAt = time.GetUtcNow();
                onSe.Personalized |= facts.SecurityDomainPersonalized ?? false;
                break;
            }
            case OperationKind.Delete when spec.DeleteSecurityDomainAfter && facts?.SecurityDomainDeleted == true:
                s.SecurityDomains.Remove(sdAid);
                break;
            case OperationKind.DeleteSecurityDomain when succeeded:
                s.SecurityDomains.Remove(sdAid);
                foreach (var app in catalogue.Applications.Where(a => a.SecurityDomainAid.Equals(sdAid, StringComparison.OrdinalIgnoreCase)))
                {
                    s.Applications.Remove(app.Aid);
                    s.LoadFilePresent.Remove(app.Aid);
                }
                break;
        }
    }
}
