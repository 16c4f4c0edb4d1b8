using Tsm.Grains.Catalogue;
using Tsm.Grains.Domain;
using Tsm.Grains.Keys;
using Tsm.Protocol;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Grains.Ota;

// Security-domain operations (requirement 5.8.3) and personalization (5.8.4.6): validation when a request is accepted, and
// what a finished task changes in the platform's view of the SE.
public sealed partial class SeGrain
{
    public Task<IReadOnlyDictionary<string, SecurityDomainView>> SecurityDomains() => Task.FromResult(Ledger.Views());

    /// <summary>The task spec of an SD operation, a personalization or application commands, after every check (or a refusal).</summary>
    private TaskSpec PrepareExtendedTask(OperationRequest request, TaskSpec spec) => request.Operation switch
    {
        CreateSecurityDomainOperation create => PrepareCreate(create, request, spec),
        UpdateSecurityDomainKeysOperation update => PrepareKeyUpdate(update, request, spec),
        DeleteSecurityDomainOperation delete => PrepareDelete(delete, request, spec),
        PersonalizeOperation personalize => PreparePersonalization(personalize, request, spec),
        _ => spec,
    };

    private SecurityDomainDefinition KnownDefinition(string? aid)
    {
        if (string.IsNullOrEmpty(aid))
            throw new RefusedException(RefusalCode.SecurityDomainNotNamed, "The operation names no security domain AID.");
        return catalogue.FindSecurityDomain(aid)
            ?? throw new RefusedException(RefusalCode.UnknownSecurityDomain, $"Security domain {aid} is not defined on the platform.");
    }

    private static void RequireOwner(OperationRequest request, SecurityDomainDefinition definition)
    {
        if (request.Provider?.ServiceProvider is { } provider && !definition.Owner.Equals(provider, StringComparison.OrdinalIgnoreCase))
            throw new RefusedException(RefusalCode.NotYourSecurityDomain, $"Security domain {definition.Aid} belongs to another provider.");
    }

    private TaskSpec PrepareCreate(CreateSecurityDomainOperation operation, OperationRequest request, TaskSpec spec)
    {
        var definition = KnownDefinition(operation.SecurityDomainAid);
        RequireOwner(request, definition);
        var s = state.State;
        if (Ledger.Contains(definition.Aid) || Queue.HasPendingFor(definition.Aid, OperationKind.CreateSecurityDomain, OperationKind.DeleteSecurityDomain))
            throw new RefusedException(RefusalCode.SecurityDomainExists, $"Security domain {definition.Aid} is already created (or being created) on the SE.");
        if (definition.FixedSpace is { } space && s.Facts?.FreeNonVolatile is { } free && free < space)
            throw new RefusedException(RefusalCode.NotEnoughSpace, $"The SE has {free} bytes free; the security domain reserves {space}.");
        spec = spec with { SecurityDomainAid = definition.Aid.ToUpperInvariant(), IsdKeyVersion = s.Facts?.KeyVersion };
        if (definition.IsOperatorOwned)
        {
            if (operation.ProviderKeys is not null)
                throw new RefusedException(RefusalCode.KeysNotExpected, "The platform generates the keys of the operator's own security domains.");
            return spec with { NewKeySet = keyService.GenerateKeySet(definition.KeyVersion) };
        }
        // A third party's SD: its provider sends the keys under its KEK now, or later with a key update (requirement 5.8.3.1).
        if (operation.ProviderKeys is { } keys)
            CheckProviderKeys(keys, definition.Owner);
        return spec;
    }

    private TaskSpec PrepareKeyUpdate(UpdateSecurityDomainKeysOperation operation, OperationRequest request, TaskSpec spec)
    {
        var batch = Batch;
        var s = state.State;
        var target = operation.SecurityDomainAid ?? batch.IsdAid;
        if (target.Equals(batch.IsdAid, StringComparison.OrdinalIgnoreCase))
        {
            // The ISD's keys: a rotation of the batch to its newest key version (requirement 5.8.9.3), the operator's to order.
            if (request.Channel == TaskChannel.Provider)
                throw new RefusedException(RefusalCode.NotYourSecurityDomain, "The ISD's keys are the operator's.");
            if (s.Facts?.KeyVersion is { } current && current == batch.TargetKeyVersion)
                throw new RefusedException(RefusalCode.KeysUpToDate, $"The ISD already holds key version {current:X2}, the batch's newest.");
            if (Queue.HasPendingFor(batch.IsdAid, OperationKind.UpdateSecurityDomainKeys))
                throw new RefusedException(RefusalCode.KeyUpdateQueued, "An ISD key update is already waiting on this SE.");
            return spec with { SecurityDomainAid = batch.IsdAid.ToUpperInvariant() };
        }
        var definition = KnownDefinition(target);
        RequireOwner(request, definition);
        if (Ledger.Find(definition.Aid) is not { } onSe)
            throw new RefusedException(RefusalCode.SecurityDomainNotOnSe, $"Security domain {definition.Aid} is not created on the SE.");
        if (definition.IsOperatorOwned)
            return OperatorKeyUpdate(spec, definition, onSe);
        spec = spec with { SecurityDomainAid = definition.Aid.ToUpperInvariant(), SecurityDomainKeySets = [.. onSe.KeySets], IsdKeyVersion = s.Facts?.KeyVersion };
        if (onSe.Personalized)
            throw new RefusedException(RefusalCode.KeysNotHeld,
                "The platform does not hold this third-party security domain's keys; its provider updates them itself through application commands (mode 1).");
        if (operation.ProviderKeys is not { } keys)
            throw new RefusedException(RefusalCode.KeysMissing, "A third-party security domain's new keys come from its provider, under its KEK.");
        CheckProviderKeys(keys, definition.Owner);
        return spec with { Extraditions = InstancesWaitingFor(definition.Aid) };
    }

    /// <summary>Each key of a provider's set (its shape checked when the operation was made) against its KCV under the provider's KEK.</summary>
    private void CheckProviderKeys(ProviderKeySet keys, string owner)
    {
        for (var i = 0; i < 3; i++)
        {
            bool verified;
            try
            {
                verified = keyService.VerifyUnderKek(owner, Hex.Parse(keys.KeysUnderKek[i]), Hex.Parse(keys.KeyCheckValues[i]));
            }
            catch (KeyServiceException ex)
            {
                throw new RefusedException(RefusalCode.BadKekData, ex.Message);
            }
            if (!verified)
                throw new RefusedException(RefusalCode.BadKekData, $"Key {i + 1} does not match its key check value under the provider's KEK.");
        }
    }

    private TaskSpec PrepareDelete(DeleteSecurityDomainOperation operation, OperationRequest request, TaskSpec spec)
    {
        var batch = Batch;
        if (operation.SecurityDomainAid.Equals(batch.IsdAid, StringComparison.OrdinalIgnoreCase))
            throw new RefusedException(RefusalCode.IsdNotDeletable, "The issuer security domain is never deleted (requirement 5.8.3.3).");
        var definition = KnownDefinition(operation.SecurityDomainAid);
        RequireOwner(request, definition);
        if (!Ledger.Contains(definition.Aid))
            throw new RefusedException(RefusalCode.SecurityDomainNotOnSe, $"Security domain {definition.Aid} is not created on the SE.");
        if (Queue.HasPendingFor(definition.Aid, OperationKind.CreateSecurityDomain, OperationKind.DeleteSecurityDomain))
            throw new RefusedException(RefusalCode.SecurityDomainBusy, "The security domain is being created or deleted.");
        var contents = ApplicationsOf(definition.Aid).ToList();
        if (contents.Count > 0 && !(operation.Cascade && request.Channel == TaskChannel.Platform))
            throw new RefusedException(RefusalCode.SecurityDomainNotEmpty,
                $"Delete its applications first: {string.Join(", ", contents)} (requirement 5.8.3.3).");
        return spec with { SecurityDomainAid = definition.Aid.ToUpperInvariant(), Cascade = contents.Count > 0 };
    }

    /// <summary>Applications of the SD that are on the SE (any state but Ready).</summary>
    private IEnumerable<string> ApplicationsOf(string sdAid) =>
        catalogue.Applications
            .Where(a => a.SecurityDomainAid.Equals(sdAid, StringComparison.OrdinalIgnoreCase))
            .Where(a => Applications[a.Aid].OnSe)
            .Select(a => a.Aid);

    private TaskSpec PreparePersonalization(PersonalizeOperation operation, OperationRequest request, TaskSpec spec)
    {
        var app = catalogue.FindApplication(operation.ApplicationAid)!;
        var input = operation.Input;
        if (input.Mode == 1)
            return spec;
        var template = app.Personalization
            ?? throw new RefusedException(RefusalCode.NoPersonalizationTemplate, "The application has no personalization template: use mode 1.");
        var sdKeys = DomainKeysFor(app);
        var provider = request.Provider?.ServiceProvider ?? app.ServiceProvider;
        CheckPersonalizationData(provider, template, input.Data);
        return spec with { SecurityDomainKeySets = sdKeys, IsdKeyVersion = state.State.Facts?.KeyVersion };
    }

    /// <summary>
    /// The keys of the application's SD the platform holds: none needed for the ISD (derived per card); an operator
    /// SSD's stored sets; a third party's SD → its keys are not the platform's, so modes 2 and 3 fall back to mode 1.
    /// </summary>
    private List<ProtectedKeySet> DomainKeysFor(ApplicationDefinition app)
    {
        if (string.IsNullOrEmpty(app.SecurityDomainAid) || app.SecurityDomainAid.Equals(Batch.IsdAid, StringComparison.OrdinalIgnoreCase))
            return [];
        if (Ledger.Find(app.SecurityDomainAid) is { Keys: not null } onSe)
            return [.. onSe.KeySets];
        throw new RefusedException(RefusalCode.ModeOneOnly,
            "The platform does not hold the keys of the application's security domain: personalize in mode 1 (requirement 5.8.4.6.1).");
    }

    /// <summary>Decrypts the data under the provider's TK and checks its DGIs against the template (nothing decrypted is kept).</summary>
    private void CheckPersonalizationData(string provider, PersonalizationTemplate template, string? data)
    {
        if (!Hex.TryParse(data, out var encrypted))
            throw new RefusedException(RefusalCode.BadPersonalizationData, "Modes 2 and 3 carry the DGIs encrypted under the provider's transport key, in hex.");
        byte[] plain;
        try
        {
            plain = keyService.DecryptUnderTransportKey(provider, encrypted);
        }
        catch (KeyServiceException ex)
        {
            throw new RefusedException(RefusalCode.BadTransportKeyData, ex.Message);
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
                throw new RefusedException(RefusalCode.BadPersonalizationData, "The data under the transport key is not a sequence of DGIs.");
            }
            var fields = template.Fields.ToDictionary(f => ushort.Parse(f.Dgi, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture));
            foreach (var dgi in dgis)
            {
                if (!fields.TryGetValue(dgi.Tag, out var field))
                    throw new RefusedException(RefusalCode.BadPersonalizationData, $"DGI {dgi.Tag:X4} is not in the application's personalization template.");
                if (field.Sensitive && (dgi.Value.Length == 0 || dgi.Value.Length % 8 != 0))
                    throw new RefusedException(RefusalCode.BadKekData, $"DGI {dgi.Tag:X4} is sensitive: its value is whole DES blocks under the provider's KEK.");
            }
            var missing = template.Fields.Where(f => f.Required && !dgis.Any(d => d.Tag.ToString("X4", System.Globalization.CultureInfo.InvariantCulture).Equals(f.Dgi, StringComparison.OrdinalIgnoreCase))).ToList();
            if (missing.Count > 0)
                throw new RefusedException(RefusalCode.BadPersonalizationData, $"Missing DGIs: {string.Join(", ", missing.Select(f => f.Dgi))}.");
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>
    /// Download (requirement 5.8.4.1): when the application's SD is not yet on the SE, the task creates it first — an
    /// operator SD with keys generated now; a third party's with its initial keys, handed over to its provider, who puts
    /// its own keys with a key update (requirement 5.8.3.1). Until then the instances stay with the ISD (a third party's
    /// SD not yet PERSONALIZED takes no content, GP 2.2.1 §9.4.1); that key update extradites them.
    /// </summary>
    private TaskSpec WithSecurityDomainFirst(ApplicationDefinition app, TaskSpec spec)
    {
        var sdAid = app.SecurityDomainAid;
        if (string.IsNullOrEmpty(sdAid) || sdAid.Equals(Batch.IsdAid, StringComparison.OrdinalIgnoreCase))
            return spec;
        if (Ledger.Find(sdAid) is { } onSe)
            return onSe.Personalized ? spec : spec with { ExtraditionDeferred = true };
        var definition = catalogue.FindSecurityDomain(sdAid);
        if (definition is null)
            return spec; // an SD the platform does not manage (preset on the card)
        if (Queue.HasPendingFor(definition.Aid, OperationKind.CreateSecurityDomain, OperationKind.DeleteSecurityDomain))
            throw new RefusedException(RefusalCode.SecurityDomainBusy, $"Security domain {definition.Aid} is being created or deleted on the SE: download when that task has ended.");
        if (definition.FixedSpace is { } space && state.State.Facts?.FreeNonVolatile is { } free && free < space)
            throw new RefusedException(RefusalCode.NotEnoughSpace, $"The SE has {free} bytes free; the application's security domain reserves {space}.");
        spec = spec with
        {
            SecurityDomainAid = definition.Aid.ToUpperInvariant(),
            CreateSecurityDomainFirst = true,
            IsdKeyVersion = state.State.Facts?.KeyVersion,
        };
        return definition.IsOperatorOwned
            ? spec with { NewKeySet = keyService.GenerateKeySet(definition.KeyVersion) }
            : spec with { ExtraditionDeferred = true };
    }

    /// <summary>The instances of the SD's applications on the SE, which its first key update extradites to it (requirement 5.8.4.1).</summary>
    private List<string> InstancesWaitingFor(string sdAid) =>
        [.. catalogue.Applications
            .Where(a => a.SecurityDomainAid.Equals(sdAid, StringComparison.OrdinalIgnoreCase) && Applications[a.Aid].OnSe)
            .SelectMany(a => a.Instances.Select(i => i.InstanceAid.ToUpperInvariant()))];

    /// <summary>
    /// Delete (requirement 5.3.1 deletion rule): when the application is the last one on the SE of an SD created by the
    /// platform whose definition deletes it with its last application, the task deletes the SD too.
    /// </summary>
    private TaskSpec WithSecurityDomainDeletion(ApplicationDefinition app, TaskSpec spec)
    {
        var sdAid = app.SecurityDomainAid;
        if (string.IsNullOrEmpty(sdAid) || !Ledger.Contains(sdAid)
            || catalogue.FindSecurityDomain(sdAid) is not { DeleteWithLastApplication: true } definition)
            return spec;
        if (ApplicationsOf(sdAid).Any(aid => !aid.Equals(app.Aid, StringComparison.OrdinalIgnoreCase)))
            return spec;
        return spec with { SecurityDomainAid = definition.Aid.ToUpperInvariant(), DeleteSecurityDomainAfter = true };
    }

    /// <summary>
    /// Requirement 5.3.1 key update period: queues a key update (platform channel) for each operator SD the ledger says
    /// is due. Called at login; says whether it queued any.
    /// </summary>
    private bool QueueDueKeyUpdates()
    {
        var due = Ledger.DueKeyUpdates(catalogue.FindSecurityDomain, Queue, time.GetUtcNow());
        foreach (var update in due)
            Start(OperatorKeyUpdate(NewSpec(new UpdateSecurityDomainKeysOperation(update.Aid), state.State.Msisdn ?? "", TaskChannel.Platform), update.Definition, update.OnSe));
        return due.Count > 0;
    }

    /// <summary>An operator SD's key update: the keys it holds now, and the next version generated by the key service.</summary>
    private TaskSpec OperatorKeyUpdate(TaskSpec spec, SecurityDomainDefinition definition, SecurityDomainOnSe onSe) => spec with
    {
        SecurityDomainAid = definition.Aid.ToUpperInvariant(),
        SecurityDomainKeySets = [.. onSe.KeySets],
        IsdKeyVersion = state.State.Facts?.KeyVersion,
        NewKeySet = keyService.GenerateKeySet(onSe.NextKeyVersion(definition)),
    };

    /// <summary>What an SD task (or a download that created an SD, a delete that deleted one) changed in the SE's SDs.</summary>
    private void ApplySecurityDomain(TaskSpec spec, TaskOutcome outcome, CardFacts? facts)
    {
        var s = state.State;
        var succeeded = outcome.State == TaskState.Succeeded;
        if (spec.Kind == OperationKind.UpdateSecurityDomainKeys && string.Equals(spec.SecurityDomainAid, Batch.IsdAid, StringComparison.OrdinalIgnoreCase))
        {
            // The ISD is not in the ledger: its keys are the batch's, rotated to the batch's newest version (requirement 5.8.9.3).
            if (succeeded && s.Facts is not null)
                s.Facts = s.Facts with { KeyVersion = Batch.TargetKeyVersion };
            return;
        }
        var definition = spec.SecurityDomainAid is { } sdAid ? catalogue.FindSecurityDomain(sdAid) : null;
        Ledger.Apply(spec, succeeded, facts, definition, time.GetUtcNow());
        if (spec.Kind == OperationKind.DeleteSecurityDomain && succeeded)
        {
            // Its applications went with it (the platform's cascade).
            foreach (var app in catalogue.Applications.Where(a => a.SecurityDomainAid.Equals(spec.SecurityDomainAid, StringComparison.OrdinalIgnoreCase)))
                Applications.Remove(app.Aid);
        }
    }
}
