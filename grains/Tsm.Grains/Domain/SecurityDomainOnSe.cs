using Tsm.Grains.Catalogue;
using Tsm.Grains.Keys;
using Tsm.Grains.Ota;

namespace Tsm.Grains.Domain;

/// <summary>
/// A supplementary SD the platform created on one SE (requirement 5.8.3): the provider's subscription, its state and
/// the keys the platform holds for it.
/// </summary>
[GenerateSerializer, Immutable, Alias("Tsm.SecurityDomainOnSe")]
public sealed record SecurityDomainOnSe
{
    /// <summary>The owning provider ("" for the operator's own SDs): the subscription provider ↔ SE (requirement 5.8.3.1).</summary>
    [Id(0)] public string Owner { get; init; } = "";

    /// <summary>Its keys were replaced and it was set PERSONALIZED (requirement 5.8.3.1: only then usable).</summary>
    [Id(1)] public bool Personalized { get; init; }

    /// <summary>
    /// The key set the platform holds for it, protected by the key service: an operator SD's current keys; null for a
    /// third party's SD, whose keys are never stored (docs/key-service.md), or before the card reported new keys.
    /// </summary>
    [Id(2)] public ProtectedKeySet? Keys { get; init; }

    [Id(3)] public byte? KeyVersion { get; init; }

    /// <summary>Fixed space reserved on the SE for the SD (requirement 5.3.1), or null for shared space.</summary>
    [Id(4)] public long? FixedSpace { get; init; }

    [Id(5)] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the SD got its current keys (for the key update period of requirement 5.3.1).</summary>
    [Id(6)] public DateTimeOffset? KeysUpdatedAt { get; init; }

    /// <summary>
    /// An SD a task has just created. <paramref name="keysPut"/> says the card reported the new keys' version: only
    /// then does the platform hold <paramref name="generated"/> (an operator SD's) and count the key update period.
    /// </summary>
    public static SecurityDomainOnSe Created(SecurityDomainDefinition? definition, bool keysPut, ProtectedKeySet? generated, byte? keyVersion, bool personalized, DateTimeOffset now) => new()
    {
        Owner = definition?.Owner ?? "",
        Personalized = personalized,
        Keys = keysPut ? generated : null,
        KeyVersion = keyVersion,
        FixedSpace = definition?.FixedSpace,
        CreatedAt = now,
        KeysUpdatedAt = keysPut ? now : null,
    };

    /// <summary>The card holds key version <paramref name="version"/> now: the old keys are of no more use (requirement 5.8.9.3).</summary>
    public SecurityDomainOnSe WithNewKeys(ProtectedKeySet? generated, byte version, bool personalized, DateTimeOffset now) => this with
    {
        Keys = generated,
        KeyVersion = version,
        KeysUpdatedAt = now,
        Personalized = Personalized || personalized,
    };

    /// <summary>
    /// Requirement 5.3.1 key update period: an operator SD, personalized, whose keys are older than its definition's
    /// period is due for new keys.
    /// </summary>
    public bool KeysDue(SecurityDomainDefinition definition, DateTimeOffset now) =>
        definition is { IsOperatorOwned: true, KeyUpdatePeriod: { } period } && Personalized && KeysUpdatedAt is { } since && now - since >= period;

    /// <summary>The key version of its next key set: one above the current one, wrapping from 7F to 01.</summary>
    public byte NextKeyVersion(SecurityDomainDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var current = KeyVersion ?? definition.KeyVersion;
        return current >= 0x7F ? (byte)0x01 : (byte)(current + 1);
    }

    /// <summary>The key sets a task opening a secure channel with the SD may use: the one held, if any.</summary>
    public IReadOnlyList<ProtectedKeySet> KeySets => Keys is { } keys ? [keys] : [];

    public SecurityDomainView View(string aid) => new(aid, Owner, Personalized, KeyVersion, FixedSpace);
}
