using Tsm.Grains.Domain;
using Tsm.Grains.Keys;

namespace Tsm.Grains.Ota;

/// <summary>
/// An SD on the SE as the SE grain's state held it before <see cref="SecurityDomainOnSe"/> was a record (a record is
/// encoded differently): read from a state written then, and upgraded (<see cref="SeGrainState.Upgrade"/>).
/// </summary>
[GenerateSerializer, Alias("Tsm.FormerSecurityDomainOnSe")]
internal sealed class FormerSecurityDomainOnSe
{
    [Id(0)] public string Owner { get; set; } = "";

    [Id(1)] public bool Personalized { get; set; }

    [Id(2)] public List<ProtectedKeySet> KeySets { get; set; } = [];

    [Id(3)] public byte? KeyVersion { get; set; }

    [Id(4)] public long? FixedSpace { get; set; }

    [Id(5)] public DateTimeOffset CreatedAt { get; set; }

    [Id(6)] public DateTimeOffset? KeysUpdatedAt { get; set; }

    public SecurityDomainOnSe Upgraded() => new()
    {
        Owner = Owner,
        Personalized = Personalized,
        Keys = KeySets.Find(k => k.KeyVersion == KeyVersion) ?? KeySets.LastOrDefault(),
        KeyVersion = KeyVersion,
        FixedSpace = FixedSpace,
        CreatedAt = CreatedAt,
        KeysUpdatedAt = KeysUpdatedAt,
    };
}
