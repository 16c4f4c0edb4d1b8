using System.Security.Cryptography;

namespace Tsm.Gateway.Management.Providers;

/// <summary>The stored business platforms as one silo holds them in memory (<see cref="PlatformStore"/>).</summary>
public sealed class PlatformSnapshot
{
    private readonly Dictionary<string, StoredPlatform> _byId;
    private readonly (byte[] Hash, StoredPlatform Platform)[] _keys;
    private readonly Dictionary<string, StoredPlatform> _byThumbprint;

    public PlatformSnapshot(IEnumerable<StoredPlatform> platforms)
    {
        ArgumentNullException.ThrowIfNull(platforms);
        _byId = platforms.ToDictionary(p => p.Id, StringComparer.Ordinal);
        _keys = [.. _byId.Values.SelectMany(p => p.ApiKeySha256.Select(h => (Convert.FromHexString(h), p)))];
        _byThumbprint = new Dictionary<string, StoredPlatform>(StringComparer.OrdinalIgnoreCase);
        foreach (var platform in _byId.Values)
        {
            foreach (var thumbprint in platform.CertificateThumbprints)
                _byThumbprint.TryAdd(thumbprint, platform);
        }
    }

    public IReadOnlyCollection<StoredPlatform> All => _byId.Values;

    public StoredPlatform? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>
    /// The platform whose API key has this SHA-256: every stored hash is compared in constant time, so the time taken
    /// does not tell which entry (if any) matched.
    /// </summary>
    public StoredPlatform? FindByKeyHash(ReadOnlySpan<byte> presented)
    {
        StoredPlatform? match = null;
        foreach (var (hash, platform) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, hash))
                match ??= platform;
        }
        return match;
    }

    public StoredPlatform? FindByThumbprint(string thumbprint) => _byThumbprint.GetValueOrDefault(thumbprint);
}
