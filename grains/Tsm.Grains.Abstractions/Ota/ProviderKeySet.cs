namespace Tsm.Grains.Ota;

/// <summary>A third-party SD's new keys (ENC, MAC, DEK) as its provider sends them: each under the provider's KEK, with KCVs (hex).</summary>
[GenerateSerializer, Immutable, Alias("Tsm.ProviderKeySet")]
public sealed record ProviderKeySet(
    [property: Id(0)] byte KeyVersion,
    [property: Id(1)] IReadOnlyList<string> KeysUnderKek,
    [property: Id(2)] IReadOnlyList<string> KeyCheckValues)
{
    public override string ToString() => $"provider key set {KeyVersion:X2}";
}
