using Tsm.Grains.Domain;

namespace Tsm.Grains.Ota;

/// <summary>
/// The SE grain's state: the binding, the card facts, one record per application and per SD on the SE, and the task
/// queue. Ids are never reused; retired ones are listed.
/// </summary>
[GenerateSerializer, Alias("Tsm.SeGrainState")]
public sealed class SeGrainState
{
    /// <summary>The bound MSISDN (requirement 5.5.2: one SE to one MSISDN).</summary>
    [Id(0)] public string? Msisdn { get; set; }

    [Id(1)] public bool Registered { get; set; }

    /// <summary>The registration token, encrypted by the key service.</summary>
    [Id(2)] public string? ProtectedToken { get; set; }

    [Id(3)] public DateOnly? TokenIssued { get; set; }

    [Id(6)] public CardFacts? Facts { get; set; }

    // Ids 7 and 8 (the queue as task ids, and a history of ended task ids) are retired: the queue is Pending, and an
    // ended task is recognised by its own grain's state.

    /// <summary>The registration task waiting or running, so that logins meanwhile do not queue another.</summary>
    [Id(11)] public string? RegistrationTask { get; set; }

    /// <summary>
    /// Tasks waiting or running, the running one first (requirement 5.8.8: one live link per SE). This is the durable
    /// record of an accepted request: the task grain is written only when the task ends.
    /// </summary>
    [Id(13)] public List<QueuedTask> Pending { get; set; } = [];

    /// <summary>The applications the platform has recorded on the SE (requirement 5.8.7.2), by AID.</summary>
    [Id(15)] public Dictionary<string, ApplicationOnSe> Applications { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Supplementary SDs the platform created on the SE (requirement 5.8.3), by AID.</summary>
    [Id(16)] public Dictionary<string, SecurityDomainOnSe> SecurityDomains { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The registration code last sent, as its hash (docs/security.md, "Wallets").</summary>
    [Id(17)] public RegistrationCode? RegistrationCode { get; set; }

    /// <summary>The generation of the wallet's refresh token; a refresh must present it and moves it on.</summary>
    [Id(18)] public int AccessGeneration { get; set; }

    /// <summary>Requests accepted under idempotency keys, by key: the same request again returns its task (docs/idempotency.md).</summary>
    [Id(19)] public Dictionary<string, AcceptedRequest> AcceptedRequests { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The bound number left the network (requirement 5.5.6): <see cref="Msisdn"/> is kept as the former number, whose
    /// applications are blocked when the SE is registered to a new one (docs/ota.md, "Rules at login").
    /// </summary>
    [Id(20)] public bool NumberDeparted { get; set; }

    // The former layout: Ids 4, 5, 9, 10 and 12 held the applications as parallel collections (state, load file
    // present, blocked, personalized at, lock pending), now one ApplicationOnSe each (Id 15); Id 14 the SDs as mutable
    // classes, now records (Id 16). They are still read from a state written before, folded in by Upgrade, and
    // dropped at the next write.

    [Id(4)] internal Dictionary<string, ApplicationState>? FormerStates { get; set; }

    [Id(5)] internal Dictionary<string, bool>? FormerLoadFilePresent { get; set; }

    [Id(9)] internal HashSet<string>? FormerBlocked { get; set; }

    [Id(10)] internal Dictionary<string, DateTimeOffset>? FormerPersonalizedAt { get; set; }

    [Id(12)] internal HashSet<string>? FormerLocksPending { get; set; }

    [Id(14)] internal Dictionary<string, FormerSecurityDomainOnSe>? FormerSecurityDomains { get; set; }

    /// <summary>Folds a state read in the former layout into <see cref="Applications"/> and <see cref="SecurityDomains"/>; says whether it was one.</summary>
    public bool Upgrade()
    {
        if (FormerStates is null && FormerLoadFilePresent is null && FormerBlocked is null && FormerPersonalizedAt is null && FormerLocksPending is null
            && FormerSecurityDomains is null)
            return false;
        foreach (var (aid, former) in FormerSecurityDomains ?? [])
            SecurityDomains.TryAdd(aid, former.Upgraded());
        var aids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        aids.UnionWith(FormerStates?.Keys ?? Enumerable.Empty<string>());
        aids.UnionWith(FormerLoadFilePresent?.Keys ?? Enumerable.Empty<string>());
        aids.UnionWith(FormerBlocked ?? Enumerable.Empty<string>());
        aids.UnionWith(FormerLocksPending ?? Enumerable.Empty<string>());
        foreach (var aid in aids)
        {
            var state = FormerStates?.GetValueOrDefault(aid) ?? ApplicationState.Ready;
            Applications.TryAdd(aid, new ApplicationOnSe
            {
                State = state,
                LoadFilePresent = FormerLoadFilePresent?.GetValueOrDefault(aid) ?? false,
                Blocked = FormerBlocked?.Contains(aid) ?? false,
                PersonalizedAt = state == ApplicationState.Personalized && FormerPersonalizedAt is { } at && at.TryGetValue(aid, out var since) ? since : null,
                LockPending = FormerLocksPending?.Contains(aid) ?? false,
            });
        }
        FormerStates = null;
        FormerLoadFilePresent = null;
        FormerBlocked = null;
        FormerPersonalizedAt = null;
        FormerLocksPending = null;
        FormerSecurityDomains = null;
        return true;
    }
}
