using Tsm.Grains.Catalogue;
using Tsm.Grains.Ota;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Grains.Domain;

/// <summary>
/// The supplementary SDs the platform created on one SE (requirement 5.8.3), one <see cref="SecurityDomainOnSe"/> per
/// AID over the dictionary the SE grain persists: what a finished task changes in it, and which SDs are due for a
/// key update (requirement 5.3.1). The ISD is not in it: its keys are the SE batch's.
/// </summary>
public sealed class SecurityDomainLedger(Dictionary<string, SecurityDomainOnSe> domains)
{
    public SecurityDomainOnSe? Find(string aid) => domains.GetValueOrDefault(aid);

    public bool Contains(string aid) => domains.ContainsKey(aid);

    public IReadOnlyDictionary<string, SecurityDomainView> Views() =>
        domains.ToDictionary(d => d.Key, d => d.Value.View(d.Key), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Requirement 5.3.1 key update period: the operator SDs whose keys are older than their definition's period and
    /// that have no key update waiting or running in <paramref name="queue"/>.
    /// </summary>
    public IReadOnlyList<DueKeyUpdate> DueKeyUpdates(Func<string, SecurityDomainDefinition?> definitionOf, TaskQueue queue, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definitionOf);
        ArgumentNullException.ThrowIfNull(queue);
        var due = new List<DueKeyUpdate>();
        foreach (var (aid, onSe) in domains)
        {
            if (definitionOf(aid) is { } definition && onSe.KeysDue(definition, now) && !queue.HasPendingFor(aid, OperationKind.UpdateSecurityDomainKeys))
                due.Add(new DueKeyUpdate(aid, onSe, definition));
        }
        return due;
    }

    /// <summary>
    /// What an SD task (or a download that created an SD, or a delete that deleted one) changed, recorded even when a
    /// later step failed: an SD whose new keys the card reported is created, whatever came after.
    /// <paramref name="definition"/> is the catalogue's definition of the task's SD, if any.
    /// </summary>
    public SecurityDomainChange Apply(TaskSpec spec, bool succeeded, CardFacts? facts, SecurityDomainDefinition? definition, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Kind == OperationKind.Sync)
            return succeeded && facts?.Instances is { } onCard ? Reconcile(onCard) : SecurityDomainChange.None;
        if (spec.SecurityDomainAid is not { } aid)
            return SecurityDomainChange.None;
        switch (spec.Kind)
        {
            case OperationKind.CreateSecurityDomain:
            case OperationKind.Download when spec.CreateSecurityDomainFirst:
            {
                var reported = facts?.SecurityDomainKeyVersion;
                var keysPut = spec.NewKeySet is { } generated && reported == generated.KeyVersion
                    || spec.ProviderKeys is { } provided && reported == provided.KeyVersion;
                if (!succeeded && !keysPut)
                    return SecurityDomainChange.None;
                domains[aid] = SecurityDomainOnSe.Created(definition, keysPut, spec.NewKeySet, reported, facts?.SecurityDomainPersonalized ?? false, now);
                return SecurityDomainChange.Created;
            }
            case OperationKind.UpdateSecurityDomainKeys when domains.TryGetValue(aid, out var onSe):
            {
                var newVersion = spec.NewKeySet?.KeyVersion ?? spec.ProviderKeys?.KeyVersion;
                if (newVersion is not { } version || facts?.SecurityDomainKeyVersion != version)
                    return SecurityDomainChange.None;
                domains[aid] = onSe.WithNewKeys(spec.NewKeySet, version, facts.SecurityDomainPersonalized ?? false, now);
                return SecurityDomainChange.KeysReplaced;
            }
            case OperationKind.Delete when spec.DeleteSecurityDomainAfter && facts?.SecurityDomainDeleted == true:
            case OperationKind.DeleteSecurityDomain when succeeded:
                return domains.Remove(aid) ? SecurityDomainChange.Deleted : SecurityDomainChange.None;
            default:
                return SecurityDomainChange.None;
        }
    }

    /// <summary>An info sync (requirement 5.8.4.5) also reconciles the SDs: one gone from the SE is no longer subscribed.</summary>
    private SecurityDomainChange Reconcile(IReadOnlyDictionary<string, byte> onCard)
    {
        foreach (var gone in domains.Keys.Where(aid => !onCard.ContainsKey(aid)).ToList())
            domains.Remove(gone);
        foreach (var (aid, onSe) in domains.ToList())
            domains[aid] = onSe with { Personalized = LifeCycle.Unlocked(onCard[aid]) == LifeCycle.Personalized };
        return SecurityDomainChange.Reconciled;
    }
}
