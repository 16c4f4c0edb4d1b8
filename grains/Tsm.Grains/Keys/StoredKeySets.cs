using System.Security.Cryptography;
using Tsm.Protocol.Scp02;

namespace Tsm.Grains.Keys;

/// <summary>
/// A stored SD key set opened, whichever key service protected it: three double-length keys (ENC, MAC, DEK) in one
/// protected secret, zeroed once the key set holds them.
/// </summary>
internal static class StoredKeySets
{
    public static Scp02KeySet Open(ProtectedKeySet keySet, Func<string, byte[]> unprotect)
    {
        ArgumentNullException.ThrowIfNull(keySet);
        var keys = unprotect(keySet.ProtectedKeys);
        try
        {
            if (keys.Length != 48)
                throw new KeyServiceException($"Stored key set {keySet.KeyVersion:X2} is not three double-length keys.");
            return new Scp02KeySet(keySet.KeyVersion, keys.AsSpan(0, 16), keys.AsSpan(16, 16), keys.AsSpan(32, 16));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }
}
