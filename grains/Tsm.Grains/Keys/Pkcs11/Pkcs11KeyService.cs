using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Tsm.Grains.Catalogue;
using Tsm.Protocol;
using Tsm.Protocol.Crypto;
using Tsm.Protocol.Scp02;
using static Tsm.Grains.Keys.Pkcs11.Pkcs11Token;

namespace Tsm.Grains.Keys.Pkcs11;

/// <summary>
/// <see cref="IKeyService"/> over a PKCS#11 token (docs/key-service.md, "PKCS#11"): master keys, transport keys, KEKs and
/// the storage key are token objects that never leave it. Diversification is a key derivation inside the token; what the
/// interface hands to the engine (a card's diversified key set, a stored SD key set) is exported as session material, and
/// KEK → DEK translation and PUT KEY wrapping decrypt and encrypt inside one token session.
/// </summary>
public sealed partial class Pkcs11KeyService : IKeyService, IDisposable
{
    private static readonly byte[] ZeroBlock = new byte[8];
    private readonly Pkcs11Token _token;
    private readonly string _storageAes;
    private readonly string _storageHmac;

    /// <summary>Opens the token and, when configured, imports the configured keys (<see cref="Pkcs11Options.ImportConfiguredKeys"/>).</summary>
    /// <param name="options">The key service's configuration.</param>
    /// <param name="undiversifiedKeys">Master key references of batches without diversification, added to the configured ones.</param>
    /// <exception cref="KeyServiceException">The token cannot be used, an import fails, or the token has no storage key.</exception>
    public Pkcs11KeyService(KeyServiceOptions options, IEnumerable<string>? undiversifiedKeys = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _token = Pkcs11Token.Open(options.Pkcs11);
        _storageAes = _token.Label("storage", "aes");
        _storageHmac = _token.Label("storage", "hmac");
        try
        {
            if (options.Pkcs11.ImportConfiguredKeys)
                LastImport = Import(options, [.. options.Pkcs11.UndiversifiedKeys, .. undiversifiedKeys ?? []]);
            _token.Run("the storage key look-up", s =>
            {
                _token.Require(s, _storageAes, $"The token has no storage key ({_storageAes}): import the configured keys (KeyService:Pkcs11:ImportConfiguredKeys).");
                return _token.Require(s, _storageHmac, $"The token has no storage key ({_storageHmac}): import the configured keys (KeyService:Pkcs11:ImportConfiguredKeys).");
            });
        }
        catch
        {
            _token.Dispose();
            throw;
        }
    }

    /// <summary>What the start-up import did, or null when it did not run.</summary>
    public Pkcs11ImportResult? LastImport { get; }

    public bool? HasMasterKey(string reference) =>
        _token.Run("a master key look-up", s => _token.Find(s, _token.Label("master", reference ?? "")) is not null);

    public Scp02KeySet IsdKeys(SeBatch batch, ReadOnlySpan<byte> keyDiversificationData, byte keyVersion)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var reference = batch.MasterKeyRefFor(keyVersion)
            ?? throw new KeyServiceException($"Batch '{batch.Id}' has no master key for ISD key version {keyVersion:X2}.");
        DiversificationMethod? method = batch.Derivation switch
        {
            KeyDerivation.None => null,
            KeyDerivation.Emv => DiversificationMethod.Emv,
            KeyDerivation.Visa2 => DiversificationMethod.Visa2,
            _ => throw new KeyServiceException($"Unknown key derivation {batch.Derivation}."),
        };
        if (method is { } m && keyDiversificationData.Length != 10)
            throw new KeyServiceException("Key diversification data has 10 bytes.");
        byte[][]? blocks = null;
        if (method is { } d)
            blocks = [KeyDiversification.DerivationData(d, keyDiversificationData, 0x01), KeyDiversification.DerivationData(d, keyDiversificationData, 0x02),
                KeyDiversification.DerivationData(d, keyDiversificationData, 0x03)];
        return _token.Run("the ISD key derivation", s =>
        {
            var master = _token.Require(s, _token.Label("master", reference), $"Master key '{reference}' of batch '{batch.Id}' is not in the key service.");
            if (blocks is null)
            {
                // No diversification: the configured key is the cards' own key, which the engine needs as it is.
                var value = ReadValue(s, master, $"Master key '{reference}' of batch '{batch.Id}' is sensitive, but the batch uses no diversification, so the "
                    + "engine would need the key itself: list it in KeyService:Pkcs11:UndiversifiedKeys (docs/key-service.md).");
                try
                {
                    return Scp02KeySet.FromSingleKey(keyVersion, value);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(value);
                }
            }
            var keys = blocks.Select(b => Derive(s, master, b)).ToArray();
            try
            {
                return new Scp02KeySet(keyVersion, keys[0], keys[1], keys[2]);
            }
            finally
            {
                foreach (var key in keys)
                    CryptographicOperations.ZeroMemory(key);
            }
        });
    }

    public byte[] DeriveToken(string seId, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(seId);
        var input = Encoding.ASCII.GetBytes($"token|{seId.ToUpperInvariant()}|{date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}");
        return _token.Run("the registration token", s => s.Sign(Mechanism(CKM.CKM_SHA256_HMAC), _token.Require(s, _storageHmac, "The token has no storage key."), input)[..16]);
    }

    public string Protect(ReadOnlySpan<byte> secret)
    {
        var plain = secret.ToArray();
        try
        {
            return _token.Run("protecting a secret", s =>
            {
                var nonce = s.GenerateRandom(12);
                var sealedData = s.Encrypt(Gcm(nonce), _token.Require(s, _storageAes, "The token has no storage key."), plain);
                return $"v1:{Convert.ToHexString(nonce)}:{Convert.ToHexString(sealedData.AsSpan(0, plain.Length))}:{Convert.ToHexString(sealedData.AsSpan(plain.Length))}";
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    public byte[] Unprotect(string protectedSecret)
    {
        ArgumentNullException.ThrowIfNull(protectedSecret);
        var parts = protectedSecret.Split(':');
        if (parts.Length != 4 || parts[0] != "v1")
            throw new KeyServiceException("A protected secret has the form v1:nonce:cipher:tag.");
        byte[] nonce, sealedData;
        try
        {
            nonce = Convert.FromHexString(parts[1]);
            sealedData = [.. Convert.FromHexString(parts[2]), .. Convert.FromHexString(parts[3])];
        }
        catch (FormatException ex)
        {
            throw new KeyServiceException("A protected secret could not be decrypted: wrong storage key or tampered data.", ex);
        }
        if (nonce.Length != 12 || sealedData.Length < 16)
            throw new KeyServiceException("A protected secret could not be decrypted: wrong storage key or tampered data.");
        try
        {
            return _token.Run("a protected secret", s => s.Decrypt(Gcm(nonce), _token.Require(s, _storageAes, "The token has no storage key."), sealedData));
        }
        catch (KeyServiceException ex) when (ex.InnerException is Pkcs11Exception)
        {
            // SoftHSM2 answers a failed tag with CKR_GENERAL_ERROR, an HSM with CKR_ENCRYPTED_DATA_INVALID: the same to the caller.
            throw new KeyServiceException("A protected secret could not be decrypted: wrong storage key or tampered data.", ex.InnerException);
        }
    }

    public ProtectedKeySet GenerateKeySet(byte keyVersion)
    {
        var keys = new byte[48];
        try
        {
            var kcvs = _token.Run("the key set generation", s =>
            {
                var text = new StringBuilder();
                for (var i = 0; i < 3; i++)
                {
                    // Generated by the token (CKM_DES2_KEY_GEN, odd parity), exported once to be stored protected with the SE.
                    var key = s.GenerateKey(Mechanism(CKM.CKM_DES2_KEY_GEN), SessionKeyTemplate(extractable: true));
                    try
                    {
                        text.Append(Convert.ToHexString(s.Encrypt(Mechanism(CKM.CKM_DES3_ECB), key, ZeroBlock).AsSpan(0, 3)));
                        var value = ReadValue(s, key, "A generated key could not be read.");
                        value.CopyTo(keys, i * 16);
                        CryptographicOperations.ZeroMemory(value);
                    }
                    finally
                    {
                        s.DestroyObject(key);
                    }
                }
                return text.ToString();
            });
            return new ProtectedKeySet(keyVersion, Protect(keys), kcvs);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    public Scp02KeySet OpenKeySet(ProtectedKeySet keySet) => StoredKeySets.Open(keySet, Unprotect);

    public bool VerifyUnderKek(string providerId, ReadOnlySpan<byte> keyUnderKek, ReadOnlySpan<byte> kcv)
    {
        RequireBlocks(keyUnderKek, "Data under a KEK must be whole DES blocks.");
        var wrapped = keyUnderKek.ToArray();
        var plain = _token.Run("the KEK decryption", s => s.Decrypt(Mechanism(CKM.CKM_DES3_ECB), ProviderKey(s, providerId, "kek", "KEK"), wrapped));
        try
        {
            return plain.Length == 16 && kcv.Length is > 0 and <= 3
                && CryptographicOperations.FixedTimeEquals(DesMac.KeyCheckValue(plain).AsSpan(0, kcv.Length), kcv);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    public byte[] TranslateKekToDek(string providerId, ReadOnlySpan<byte> underKek, Scp02HostChannel session)
    {
        ArgumentNullException.ThrowIfNull(session);
        RequireBlocks(underKek, "Data under a KEK must be whole DES blocks.");
        var wrapped = underKek.ToArray();
        return WithSessionDek(session, "the KEK to DEK translation", (s, dek) =>
        {
            // SoftHSM2 has no DES3 key wrap: decrypt and encrypt in one token session, the plain value zeroed at once.
            var plain = s.Decrypt(Mechanism(CKM.CKM_DES3_ECB), ProviderKey(s, providerId, "kek", "KEK"), wrapped);
            try
            {
                return s.Encrypt(Mechanism(CKM.CKM_DES3_ECB), dek, plain);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plain);
            }
        });
    }

    public IReadOnlyList<(byte[] Encrypted, byte[] Kcv)> WrapForPutKey(ProtectedKeySet keySet, Scp02HostChannel session)
    {
        ArgumentNullException.ThrowIfNull(keySet);
        ArgumentNullException.ThrowIfNull(session);
        return WithSessionDek(session, "the PUT KEY wrapping", (s, dek) =>
        {
            var nonceAndSealed = ParseProtected(keySet.ProtectedKeys);
            var keys = s.Decrypt(Gcm(nonceAndSealed.Nonce), _token.Require(s, _storageAes, "The token has no storage key."), nonceAndSealed.Sealed);
            try
            {
                if (keys.Length != 48)
                    throw new KeyServiceException($"Stored key set {keySet.KeyVersion:X2} is not three double-length keys.");
                return (IReadOnlyList<(byte[], byte[])>)[.. Enumerable.Range(0, 3).Select(i =>
                    (s.Encrypt(Mechanism(CKM.CKM_DES3_ECB), dek, keys.AsSpan(i * 16, 16).ToArray()), DesMac.KeyCheckValue(keys.AsSpan(i * 16, 16))))];
            }
            finally
            {
                CryptographicOperations.ZeroMemory(keys);
            }
        });
    }

    public byte[] DecryptUnderTransportKey(string providerId, ReadOnlySpan<byte> data)
    {
        RequireBlocks(data, "Data under the transport key must be whole DES blocks.");
        var cipher = data.ToArray();
        var padded = _token.Run("the transport key decryption", s =>
            s.Decrypt(Factories.MechanismFactory.Create(CKM.CKM_DES3_CBC, new byte[8]), ProviderKey(s, providerId, "tk", "transport key"), cipher));
        try
        {
            if (!DesMac.TryUnpad(padded, out var plain))
                throw new KeyServiceException("The data does not decrypt under the provider's transport key (bad padding).");
            return plain.ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    public string ImportKey(string transportKeyRef, ReadOnlySpan<byte> keyUnderTransportKey, ReadOnlySpan<byte> kcv)
    {
        if (keyUnderTransportKey.Length != 16)
            throw new KeyServiceException("An imported key is a double-length DES key: 16 bytes under the transport key.");
        if (kcv.Length is 0 or > 3)
            throw new KeyServiceException("A key check value is 1 to 3 bytes.");
        var wrapped = keyUnderTransportKey.ToArray();
        var plain = _token.Run("the key file import", s =>
        {
            var tk = _token.Require(s, _token.Label("transport", transportKeyRef ?? ""),
                $"Transport key '{ClientText.Bounded(transportKeyRef)}' is not in the key service.");
            return s.Decrypt(Mechanism(CKM.CKM_DES3_ECB), tk, wrapped);
        });
        try
        {
            if (!CryptographicOperations.FixedTimeEquals(DesMac.KeyCheckValue(plain).AsSpan(0, kcv.Length), kcv))
                throw new KeyServiceException("The imported key does not match its key check value (wrong transport key or damaged file).");
            return Protect(plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    public void Dispose() => _token.Dispose();

    private T WithSessionDek<T>(Scp02HostChannel session, string what, Func<ISession, IObjectHandle, T> operation)
    {
        var sessionKeys = session.SessionKeys ?? throw new InvalidOperationException("The secure channel is not open.");
        var dekValue = sessionKeys.DekKey.ToArray();
        try
        {
            return _token.Run(what, s =>
            {
                // The session DEK enters the token as a session object for this call only (the engine's channel holds it).
                var dek = s.CreateObject([.. SessionKeyTemplate(extractable: false), Attribute(CKA.CKA_VALUE, dekValue)]);
                try
                {
                    return operation(s, dek);
                }
                finally
                {
                    s.DestroyObject(dek);
                }
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dekValue);
        }
    }

    private IObjectHandle ProviderKey(ISession session, string providerId, string kind, string what) =>
        _token.Require(session, _token.Label("provider", $"{providerId}:{kind}"), $"Service provider '{providerId}' has no {what} in the key service.");

    private static byte[] Derive(ISession session, IObjectHandle master, byte[] block)
    {
        // CKM_DES3_ECB_ENCRYPT_DATA: the card key is 3DES-ECB of the derivation data under the master key, made in the token.
        var mechanism = Factories.MechanismFactory.Create(CKM.CKM_DES3_ECB_ENCRYPT_DATA, Factories.MechanismParamsFactory.CreateCkKeyDerivationStringData(block));
        var derived = session.DeriveKey(mechanism, master, SessionKeyTemplate(extractable: true));
        try
        {
            return ReadValue(session, derived, "A derived key could not be read.");
        }
        finally
        {
            session.DestroyObject(derived);
        }
    }

    private static byte[] ReadValue(ISession session, IObjectHandle key, string refused)
    {
        // A sensitive or unextractable key answers CKR_ATTRIBUTE_SENSITIVE, which the wrapper reports as "cannot be read".
        var value = session.GetAttributeValue(key, [CKA.CKA_VALUE])[0];
        if (value.CannotBeRead)
            throw new KeyServiceException(refused);
        return value.GetValueAsByteArray();
    }

    /// <summary>A double-length DES session object (gone when the session closes), exportable only when the interface needs the value.</summary>
    private static List<IObjectAttribute> SessionKeyTemplate(bool extractable) =>
    [
        Attribute(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
        Attribute(CKA.CKA_KEY_TYPE, CKK.CKK_DES2),
        Attribute(CKA.CKA_TOKEN, false),
        Attribute(CKA.CKA_SENSITIVE, !extractable),
        Attribute(CKA.CKA_EXTRACTABLE, extractable),
        Attribute(CKA.CKA_ENCRYPT, true),
    ];

    private static IMechanism Gcm(byte[] nonce) =>
        Factories.MechanismFactory.Create(CKM.CKM_AES_GCM, Factories.MechanismParamsFactory.CreateCkGcmParams(nonce, 96, null, 128));

    private static (byte[] Nonce, byte[] Sealed) ParseProtected(string protectedSecret)
    {
        var parts = protectedSecret.Split(':');
        try
        {
            if (parts.Length == 4 && parts[0] == "v1")
                return (Convert.FromHexString(parts[1]), [.. Convert.FromHexString(parts[2]), .. Convert.FromHexString(parts[3])]);
        }
        catch (FormatException)
        {
        }
        throw new KeyServiceException("A protected secret has the form v1:nonce:cipher:tag.");
    }

    private static void RequireBlocks(ReadOnlySpan<byte> data, string message)
    {
        if (data.IsEmpty || data.Length % 8 != 0)
            throw new KeyServiceException(message);
    }
}
