using System.Security.Cryptography;
using System.Text;

namespace Tsm.Gateway.Security;

/// <summary>
/// Credentials configured as SHA-256 hashes (hex) rather than as themselves: BOSS keys, scrape tokens (docs/security.md).
/// A presented value is hashed and compared in constant time with every configured hash, so the time taken says
/// nothing about which one (nearly) matched.
/// </summary>
public static class SecretHashes
{
    /// <summary>The SHA-256 of <paramref name="secret"/> as UTF-8.</summary>
    public static byte[] Of(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>Whether <paramref name="presented"/> (a SHA-256) is one of <paramref name="hexHashes"/>.</summary>
    public static bool Matches(ReadOnlySpan<byte> presented, IEnumerable<string> hexHashes)
    {
        ArgumentNullException.ThrowIfNull(hexHashes);
        var match = false;
        foreach (var hash in hexHashes)
            match |= CryptographicOperations.FixedTimeEquals(presented, Convert.FromHexString(hash));
        return match;
    }
}
