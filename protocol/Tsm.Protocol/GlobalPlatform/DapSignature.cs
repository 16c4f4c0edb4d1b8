using System.Security.Cryptography;
using Tsm.Protocol.Crypto;

namespace Tsm.Protocol.GlobalPlatform;

/// <summary>
/// The Load File Data Block Signature (DAP) of GP 2.2.1 Appendix C.3 and C.6: a signature of the SHA-1 Load File Data
/// Block Hash (C.2) — in the DES scheme the retail MAC of the hash (B.1.2.2, ICV zero, B.4 padding; 8 bytes), in the
/// PKC scheme an RSASSA-PKCS1-v1_5 SHA-1 signature of the hash (B.3; a hash of the hash, as long as the modulus).
/// The signature travels in a <see cref="DapBlock"/> with the AID of the verifying SD.
/// </summary>
public static class DapSignature
{
    /// <summary>Length of a Load File Data Block Hash (SHA-1).</summary>
    public const int HashLength = 20;

    /// <summary>Length of a DES-scheme signature.</summary>
    public const int DesLength = 8;

    /// <summary>The Load File Data Block Hash (C.2): SHA-1 of the data block without its C4 tag and length.</summary>
    public static byte[] HashOf(ReadOnlySpan<byte> loadFileDataBlock) => SHA1.HashData(loadFileDataBlock);

    /// <summary>DES scheme (C.6.2): the retail MAC of the hash under a 16-byte DAP key.</summary>
    /// <exception cref="ArgumentException">A key that is not 16 bytes, or a hash that is not 20 bytes.</exception>
    public static byte[] ComputeDes(ReadOnlySpan<byte> dapKey, ReadOnlySpan<byte> hash)
    {
        CheckHash(hash);
        if (dapKey.Length != 16)
            throw new ArgumentException($"A DES DAP key has 16 bytes, got {dapKey.Length}.", nameof(dapKey));
        return DesMac.RetailWithKey(dapKey, hash);
    }

    /// <summary>DES scheme check, in constant time; false for a signature of the wrong length.</summary>
    public static bool VerifyDes(ReadOnlySpan<byte> dapKey, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature)
    {
        return hash.Length == HashLength && DesMac.VerifyRetailWithKey(dapKey, hash, signature);
    }

    /// <summary>PKC scheme (C.6.1): RSASSA-PKCS1-v1_5 with SHA-1 over the 20-byte hash, by the DAP private key.</summary>
    public static byte[] SignRsa(RSA privateKey, ReadOnlySpan<byte> hash)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        CheckHash(hash);
        return privateKey.SignData(hash.ToArray(), HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
    }

    /// <summary>PKC scheme check under the DAP verification public key; false on any mismatch.</summary>
    public static bool VerifyRsa(RSA publicKey, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return hash.Length == HashLength && signature.Length == publicKey.KeySize / 8
            && publicKey.VerifyData(hash, signature, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
    }

    private static void CheckHash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != HashLength)
            throw new ArgumentException($"A Load File Data Block Hash has {HashLength} bytes, got {hash.Length}.", nameof(hash));
    }
}
