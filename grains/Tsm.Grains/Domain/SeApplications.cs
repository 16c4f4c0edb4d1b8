using Tsm.Grains.Catalogue;
using Tsm.Grains.Ota;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Grains.Domain;

/// <summary>
/// The applications of one SE, one <see cref="ApplicationOnSe"/> per AID, over the dictionary the SE grain persists.
/// An AID not in it is <see cref="ApplicationOnSe.Absent"/>.
/// </summary>
public sealed class SeApplications(Dictionary<string, ApplicationOnSe> applications)
{
    public ApplicationOnSe this[string aid]
    {
        get => applications.GetValueOrDefault(aid, ApplicationOnSe.Absent);
        set => applications[aid] = value;
    }

    /// <summary>Sets <paramref name="aid"/>'s record; says whether it changed.</summary>
    public bool Update(string aid, ApplicationOnSe application)
    {
        if (applications.TryGetValue(aid, out var current) ? current == application : application == ApplicationOnSe.Absent)
            return false;
        applications[aid] = application;
        return true;
    }

    public void Remove(string aid) => applications.Remove(aid);

    /// <summary>The state of every application the platform has recorded.</summary>
    public IReadOnlyDictionary<string, ApplicationState> States() =>
        applications.ToDictionary(a => a.Key, a => a.Value.State, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The SE's batch presets these applications (requirement 5.8.1): one the platform has no record of is on the card,
    /// instantiated and waiting for personalization (requirement 5.4.5). Says whether any record was added.
    /// </summary>
    public bool KnowPresets(IEnumerable<string> presetAids, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(presetAids);
        var added = false;
        foreach (var aid in presetAids)
        {
            if (applications.ContainsKey(aid))
                continue;
            applications[aid] = ApplicationOnSe.Absent.Synced(instancesOnCard: true, locked: false, loadFileOnCard: true, now);
            added = true;
        }
        return added;
    }

    /// <summary>Personalized applications not activated in time go back to Instantiated (requirement 5.8.7.2); says whether any did.</summary>
    public bool ExpireActivations(DateTimeOffset now, TimeSpan timeout)
    {
        var expired = false;
        foreach (var (aid, application) in applications.Where(a => a.Value.PersonalizedAt is not null).ToList())
            expired |= Update(aid, application.Expired(now, timeout));
        return expired;
    }

    /// <summary>Useable applications without a lock queued: what a lost SE gets locked (requirement 5.5.2).</summary>
    public IReadOnlyList<string> ToLock() =>
        [.. applications.Where(a => a.Value is { State: ApplicationState.Useable, LockPending: false }).Select(a => a.Key)];

    /// <summary>
    /// The SE's number changed from a retired one: what the old number ordered (everything on the SE) cannot be
    /// downloaded by the new one until it is unsubscribed (requirement 5.5.2, 3b).
    /// </summary>
    public void BlockPreviousNumbersApplications()
    {
        foreach (var (aid, application) in applications.Where(a => a.Value.OnSe).ToList())
            applications[aid] = application with { Blocked = true };
    }

    /// <summary>
    /// Records what an info sync read (requirement 5.8.4.5) for every catalogue application; nothing when the sync read
    /// no instances.
    /// </summary>
    public void Sync(IEnumerable<ApplicationDefinition> catalogue, CardFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.Instances is not { } instances)
            return;
        foreach (var app in catalogue)
        {
            var onCard = app.Instances.All(i => instances.ContainsKey(i.InstanceAid));
            var locked = onCard && app.Instances.Any(i => LifeCycle.IsLocked(instances[i.InstanceAid]));
            var loaded = facts.LoadFiles?.ContainsKey(app.LoadFileAid) == true;
            this[app.Aid] = this[app.Aid].Synced(onCard, locked, loaded, now);
        }
    }

    /// <summary>What changed between two sets of states, as an info sync records it (requirement 5.8.4.5: differences are recorded).</summary>
    public static string Differences(IReadOnlyDictionary<string, ApplicationState> before, IReadOnlyDictionary<string, ApplicationState> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = after
            .Where(a => before.GetValueOrDefault(a.Key, ApplicationState.Ready) != a.Value)
            .Select(a => $"{a.Key}: {before.GetValueOrDefault(a.Key, ApplicationState.Ready)} -> {a.Value}")
            .ToList();
        return changes.Count == 0 ? "no differences" : "differences: " + string.Join("; ", changes);
    }
}
