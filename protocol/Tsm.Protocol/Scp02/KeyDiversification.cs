using Tsm.Protocol.Crypto;

namespace Tsm.Protocol.Scp02;

/// <summary>Master-key diversification methods for card keys.</summary>
public enum DiversificationMethod
{
    /// <summary>EMV CPS: KDD bytes 4–9 (the last six bytes).</summary>
    Emv,

    /// <summary>VISA2: KDD bytes 0–1 and 4–7.</summary>
    Visa2,
}

/// <summary>
/// Derives a card's ENC, MAC and DEK keys from an issuer master key and the card's key diversification data
/// (the first 10 bytes of its INITIALIZE UPDATE response): card key = 3DES-ECB(master, 16-byte block), key type
/// 01 ENC, 02 MAC, 03 DEK. Block layouts per EMV CPS and Visa's VISA2 scheme.
/// </summary>
public static class KeyDiversification
{
    public static Scp02KeySet Diversify(DiversificationMethod method, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> keyDiversificationData, byte keyVersion = 0x01)
    {
        if (keyDiversificationData.Length != 10)
            throw new ArgumentException("Key diversification data has 10 bytes.", nameof(keyDiversificationData));
        var master = new DesCipher(masterKey);
        var enc = DeriveOne(master, method, keyDiversificationData, 0x01);
        var mac = DeriveOne(master, method, keyDiversificationData, 0x02);
        var dek = DeriveOne(master, method, keyDiversificationData, 0x03);
        try
        {
            return new Scp02KeySet(keyVersion, enc, mac, dek);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(enc);
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(mac);
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(dek);
        }
    }

    private static byte[] DeriveOne(DesCipher master, DiversificationMethod method, ReadOnlySpan<byte> kdd, byte keyType) =>
        master.EncryptEcb(DerivationData(method, kdd, keyType));

    /// <summary>
    /// The 16-byte block the master key encrypts (3DES-ECB) to give one card key: an HSM derives the key from it inside
    /// the token (docs/key-service.md). Key type 01 ENC, 02 MAC, 03 DEK.
    /// </summary>
    public static byte[] DerivationData(DiversificationMethod method, ReadOnlySpan<byte> keyDiversificationData, byte keyType)
    {
        if (keyDiversificationData.Length != 10)
            throw new ArgumentException("Key diversification data has 10 bytes.", nameof(keyDiversificationData));
        var kdd = keyDiversificationData;
        var result = new byte[16];
        Span<byte> block = result;
        switch (method)
        {
            case DiversificationMethod.Emv:
                kdd.Slice(4, 6).CopyTo(block);
                block[6] = 0xF0;
                block[7] = keyType;
                kdd.Slice(4, 6).CopyTo(block[8..]);
                block[14] = 0x0F;
                block[15] = keyType;
                break;
            case DiversificationMethod.Visa2:
                kdd[..2].CopyTo(block);
                kdd.Slice(4, 4).CopyTo(block[2..]);
                block[6] = 0xF0;
                block[7] = keyType;
                kdd[..2].CopyTo(block[8..]);
                kdd.Slice(4, 4).CopyTo(block[10..]);
                block[14] = 0x0F;
                block[15] = keyType;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(method));
        }
        return result;
    }
}
