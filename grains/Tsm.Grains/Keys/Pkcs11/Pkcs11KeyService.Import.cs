using System.Security.Cryptography;
using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Tsm.Protocol.Crypto;
using static Tsm.Grains.Keys.Pkcs11.Pkcs11Token;

namespace Tsm.Grains.Keys.Pkcs11;

/// <summary>
/// The import of the configured keys into the token (docs/key-service.md, "Importing the keys"): the same protected values
/// the software service reads, so that one configuration serves both. Idempotent: an object already there with the same
/// key check value is kept; one with another value is refused rather than replaced.
/// </summary>
public sealed partial class Pkcs11KeyService
{
    private static readonly byte[] HmacProbe = Encoding.ASCII.GetBytes("tsm storage key check");

    // SoftHSM2's file store answered CKR_GENERAL_ERROR now and then when two threads created token objects at once:
    // imports run one at a time in a process (they run at start only).
    private static readonly Lock ImportLock = new();

    private Pkcs11ImportResult Import(KeyServiceOptions options, IReadOnlyCollection<string> undiversified)
    {
        lock (ImportLock)
            return ImportOnce(options, undiversified);
    }

    private Pkcs11ImportResult ImportOnce(KeyServiceOptions options, IReadOnlyCollection<string> undiversified)
    {
        var created = 0;
        var present = 0;
        void Count(bool made)
        {
            if (made)
                created++;
            else
                present++;
        }
        if (!string.IsNullOrEmpty(options.StorageKey))
        {
            byte[] storage;
            try
            {
                storage = Convert.FromHexString(options.StorageKey);
            }
            catch (FormatException ex)
            {
                throw new KeyServiceException("KeyService:StorageKey is not hex.", ex);
            }
            try
            {
                if (storage.Length != 32)
                    throw new KeyServiceException("KeyService:StorageKey must be 32 bytes (64 hex digits).");
                Count(ImportStorageKey(storage));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(storage);
            }
        }
        var exportable = new HashSet<string>(undiversified, StringComparer.OrdinalIgnoreCase);
        foreach (var (reference, value) in options.MasterKeys)
            Count(ImportDesKey(_token.Label("master", reference), value, $"master key '{reference}'", exportable.Contains(reference), derive: true, decrypt: false));
        foreach (var (reference, value) in options.TransportKeys)
            Count(ImportDesKey(_token.Label("transport", reference), value, $"transport key '{reference}'", exportable: false, derive: false, decrypt: true));
        foreach (var (provider, keys) in options.Providers)
        {
            if (!string.IsNullOrEmpty(keys.TransportKey))
                Count(ImportDesKey(_token.Label("provider", provider + ":tk"), keys.TransportKey, $"transport key of provider '{provider}'", exportable: false, derive: false, decrypt: true));
            if (!string.IsNullOrEmpty(keys.Kek))
                Count(ImportDesKey(_token.Label("provider", provider + ":kek"), keys.Kek, $"KEK of provider '{provider}'", exportable: false, derive: false, decrypt: true));
        }
        return new Pkcs11ImportResult(created, present);
    }

    /// <summary>The storage key twice: as an AES key (AES-GCM of protected secrets) and as an HMAC key (registration tokens).</summary>
    private bool ImportStorageKey(byte[] storage) => _token.Run("the storage key import", s =>
    {
        var aes = _token.Find(s, _storageAes);
        var hmac = _token.Find(s, _storageHmac);
        if (aes is not null && !s.Encrypt(Mechanism(CKM.CKM_AES_ECB), aes, new byte[16]).AsSpan().SequenceEqual(AesProbe(storage)))
            throw new KeyServiceException($"The token's {_storageAes} differs from KeyService:StorageKey; remove it or configure the key it holds.");
        if (hmac is not null && !s.Sign(Mechanism(CKM.CKM_SHA256_HMAC), hmac, HmacProbe).AsSpan().SequenceEqual(HMACSHA256.HashData(storage, HmacProbe)))
            throw new KeyServiceException($"The token's {_storageHmac} differs from KeyService:StorageKey; remove it or configure the key it holds.");
        if (aes is null)
        {
            s.CreateObject([.. TokenKey(_storageAes, CKK.CKK_AES, storage, exportable: false), Attribute(CKA.CKA_ENCRYPT, true), Attribute(CKA.CKA_DECRYPT, true)]);
        }
        if (hmac is null)
            s.CreateObject([.. TokenKey(_storageHmac, CKK.CKK_GENERIC_SECRET, storage, exportable: false), Attribute(CKA.CKA_SIGN, true)]);
        return aes is null || hmac is null;
    });

    private bool ImportDesKey(string label, string protectedValue, string what, bool exportable, bool derive, bool decrypt)
    {
        byte[] plain;
        try
        {
            plain = Unprotect(protectedValue);
        }
        catch (KeyServiceException ex)
        {
            throw new KeyServiceException($"The {what} does not decrypt under the storage key.", ex);
        }
        try
        {
            if (plain.Length != 16)
                throw new KeyServiceException($"The {what} is not a double-length DES key.");
            return _token.Run($"the import of the {what}", s =>
            {
                if (_token.Find(s, label) is { } existing)
                {
                    var kcv = s.Encrypt(Mechanism(CKM.CKM_DES3_ECB), existing, new byte[8]).AsSpan(0, 3);
                    if (!kcv.SequenceEqual(DesMac.KeyCheckValue(plain)))
                        throw new KeyServiceException($"The token's {label} differs from the configured {what}; remove it or configure the key it holds.");
                    if (exportable && s.GetAttributeValue(existing, [CKA.CKA_SENSITIVE])[0].GetValueAsBool())
                        throw new KeyServiceException($"The token's {label} is sensitive but the {what} is a batch's undiversified card key; re-import it (docs/key-service.md).");
                    return false;
                }
                s.CreateObject([.. TokenKey(label, CKK.CKK_DES2, plain, exportable),
                    Attribute(CKA.CKA_ENCRYPT, true), Attribute(CKA.CKA_DECRYPT, decrypt), Attribute(CKA.CKA_DERIVE, derive)]);
                return true;
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static List<IObjectAttribute> TokenKey(string label, CKK type, byte[] value, bool exportable) =>
    [
        Attribute(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
        Attribute(CKA.CKA_KEY_TYPE, type),
        Attribute(CKA.CKA_TOKEN, true),
        Attribute(CKA.CKA_PRIVATE, true),
        Attribute(CKA.CKA_LABEL, label),
        Attribute(CKA.CKA_VALUE, value),
        Attribute(CKA.CKA_SENSITIVE, !exportable),
        Attribute(CKA.CKA_EXTRACTABLE, exportable),
    ];

    private static byte[] AesProbe(byte[] key)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        return aes.EncryptEcb(new byte[16], PaddingMode.None);
    }
}
