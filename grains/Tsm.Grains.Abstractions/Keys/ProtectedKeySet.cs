namespace Tsm.Grains.Keys;

/// <summary>A key set as stored with an SE: its version, the three keys protected by the key service, and their KCVs (hex).</summary>
[GenerateSerializer, Immutable, Alias("Tsm.ProtectedKeySet")]
public sealed record ProtectedKeySet(
    [property: Id(0)] byte KeyVersion,
    [property: Id(1)] string ProtectedKeys,
    [property: Id(2)] string KeyCheckValues)
{
    /// <summary>Never shows key material: the KVN and KCVs only.</summary>
    public override string ToString() => $"key set {KeyVersion:X2} (KCV {KeyCheckValues})";
}
