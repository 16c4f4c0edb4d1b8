using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Keys.Pkcs11;
using Tsm.Protocol;
using Tsm.Protocol.Crypto;
using Tsm.Protocol.Scp02;

namespace Tsm.Grains.Keys;

/// <summary>Configuration of the software key service (section "KeyService").</summary>
public sealed class KeyServiceOptions
{
    public const string Section = "KeyService";

    /// <summary>Which implementation serves <see cref="IKeyService"/>: <c>Software</c> (the default) or <c>Pkcs11</c> (docs/key-service.md).</summary>
    public KeyServiceProvider Provider { get; set; } = KeyServiceProvider.Software;

    /// <summary>The token of the PKCS#11 implementation (section <c>KeyService:Pkcs11</c>); read when <see cref="Provider"/> is <c>Pkcs11</c>.</summary>
    public Pkcs11Options Pkcs11 { get; set; } = new();

    /// <summary>
    /// The 32-byte storage key (hex) that protects master keys at rest. Set it from the environment
    /// (<c>KeyService__StorageKey</c>) or <see cref="StorageKeyFile"/> in production; the development default is public
    /// and only fit for test keys (docs/security.md, "Secrets at rest").
    /// </summary>
    public string StorageKey { get; set; } = "";

    /// <summary>
    /// A file holding the storage key (64 hex digits) instead of <see cref="StorageKey"/>: the gateway reads it at start
    /// and refuses a file other users may read (docs/security.md, "Secrets at rest").
    /// </summary>
    public string? StorageKeyFile { get; set; }

    /// <summary>Master keys by reference, each protected with <see cref="IKeyService.Protect"/> (format v1:nonce:cipher:tag).</summary>
    public Dictionary<string, string> MasterKeys { get; set; } = [];

    /// <summary>Transport keys under which key files arrive (by reference), protected like the master keys.</summary>
    public Dictionary<string, string> TransportKeys { get; set; } = [];

    /// <summary>Each service provider's transport key (TK) and key encryption key (KEK), protected like the master keys.</summary>
    public Dictionary<string, ProviderKeys> Providers { get; set; } = [];
}

/// <summary>A service provider's keys for the exchange with the platform (requirement 5.8.4.6.2): TK and KEK, each protected.</summary>
public sealed class ProviderKeys
{
    public string TransportKey { get; set; } = "";

    public string Kek { get; set; } = "";
}

/// <summary>
/// Software implementation of <see cref="IKeyService"/>: master keys are held encrypted (AES-GCM) and decrypted
/// only for a derivation, then zeroed.
/// </summary>
public sealed class SoftwareKeyService : IKeyService
{
    private readonly byte[] _storageKey;
    private readonly Dictionary<string, string> _masterKeys;
    private readonly Dictionary<string, ProviderKeys> _providers;

    public SoftwareKeyService(IOptions<KeyServiceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        try
        {
            _storageKey = Convert.FromHexString(value.StorageKey);
        }
        catch (FormatException ex)
        {
            throw new KeyServiceException("KeyService:StorageKey is not hex.", ex);
        }
        if (_storageKey.Length != 32)
            throw new KeyServiceException("KeyService:StorageKey must be 32 bytes (64 hex digits).");
        _masterKeys = new Dictionary<string, string>(value.MasterKeys, StringComparer.OrdinalIgnoreCase);
        _providers = new Dictionary<string, ProviderKeys>(value.Providers, StringComparer.OrdinalIgnoreCase);
        _transportKeys = new Dictionary<string, string>(value.TransportKeys, StringComparer.OrdinalIgnoreCase);
    }

    private readonly Dictionary<string, string> _transportKeys;

    public bool? HasMasterKey(string reference) => _masterKeys.ContainsKey(reference ?? "");

    public string ImportKey(string transportKeyRef, ReadOnlySpan<byte> keyUnderTransportKey, ReadOnlySpan<byte> kcv)
    {
        if (!_transportKeys.TryGetValue(transportKeyRef ?? "", out var protectedTk))
            throw new KeyServiceException($"Transport key '{ClientText.Bounded(transportKeyRef)}' is not in the key service.");
        if (keyUnderTransportKey.Length != 16)
            throw new KeyServiceException("An imported key is a double-length DES key: 16 bytes under the transport key.");
        if (kcv.Length is 0 or > 3)
            throw new KeyServiceException("A key check value is 1 to 3 bytes.");
        var plain = DecryptEcb(Unprotect(protectedTk), keyUnderTransportKey);
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

    public Scp02KeySet IsdKeys(SeBatch batch, ReadOnlySpan<byte> keyDiversificationData, byte keyVersion)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var reference = batch.MasterKeyRefFor(keyVersion)
            ?? throw new KeyServiceException($"Batch '{batch.Id}' has no master key for ISD key version {keyVersion:X2}.");
        if (!_masterKeys.TryGetValue(reference, out var protectedKey))
            throw new KeyServiceException($"Master key '{reference}' of batch '{batch.Id}' is not in the key service.");
        var master = Unprotect(protectedKey);
        try
        {
            return batch.Derivation switch
            {
                KeyDerivation.None => Scp02KeySet.FromSingleKey(keyVersion, master),
                KeyDerivation.Emv => KeyDiversification.Diversify(DiversificationMethod.Emv, master, keyDiversificationData, keyVersion),
                KeyDerivation.Visa2 => KeyDiversification.Diversify(DiversificationMethod.Visa2, master, keyDiversificationData, keyVersion),
                _ => throw new KeyServiceException($"Unknown key derivation {batch.Derivation}."),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(master);
        }
    }

    public byte[] DeriveToken(string seId, DateOnly date)
    {
        // HMAC-SHA256 under the storage key of "token|SEID|yyyyMMdd", first 16 bytes.
        var input = Encoding.ASCII.GetBytes($"token|{seId.ToUpperInvariant()}|{date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}");
        return HMACSHA256.HashData(_storageKey, input)[..16];
    }

    public string Protect(ReadOnlySpan<byte> secret)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var cipher = new byte[secret.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(_storageKey, 16);
        aes.Encrypt(nonce, secret, cipher, tag);
        return $"v1:{Convert.ToHexString(nonce)}:{Convert.ToHexString(cipher)}:{Convert.ToHexString(tag)}";
    }

    public byte[] Unprotect(string protectedSecret)
    {
        ArgumentNullException.ThrowIfNull(protectedSecret);
        var parts = protectedSecret.Split(':');
        if (parts.Length != 4 || parts[0] != "v1")
            throw new KeyServiceException("A protected secret has the form v1:nonce:cipher:tag.");
        try
        {
            var nonce = Convert.FromHexString(parts[1]);
            var cipher = Convert.FromHexString(parts[2]);
            var tag = Convert.FromHexString(parts[3]);
            var plain = new byte[cipher.Length];
            using var aes = new AesGcm(_storageKey, 16);
            aes.Decrypt(nonce, cipher, tag, plain);
            return plain;
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or ArgumentException)
        {
            throw new KeyServiceException("A protected secret could not be decrypted: wrong storage key or tampered data.", ex);
        }
    }

    public ProtectedKeySet GenerateKeySet(byte keyVersion)
    {
        var keys = new byte[48];
        RandomNumberGenerator.Fill(keys);
        try
        {
            var kcvs = string.Concat(Enumerable.Range(0, 3).Select(i => Convert.ToHexString(DesMac.KeyCheckValue(keys.AsSpan(i * 16, 16)))));
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
        var plain = DecryptEcb(ProviderKey(providerId, k => k.Kek, "KEK"), keyUnderKek);
        try
        {
            return plain.Length == 16 && kcv.Length > 0 && kcv.Length <= 3
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
        var plain = DecryptEcb(ProviderKey(providerId, k => k.Kek, "KEK"), underKek);
        try
        {
            return session.EncryptSensitive(plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    public IReadOnlyList<(byte[] Encrypted, byte[] Kcv)> WrapForPutKey(ProtectedKeySet keySet, Scp02HostChannel session)
    {
        ArgumentNullException.ThrowIfNull(keySet);
        ArgumentNullException.ThrowIfNull(session);
        var keys = Unprotect(keySet.ProtectedKeys);
        try
        {
            return [.. Enumerable.Range(0, 3).Select(i => (session.EncryptSensitive(keys.AsSpan(i * 16, 16)), DesMac.KeyCheckValue(keys.AsSpan(i * 16, 16))))];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    public byte[] DecryptUnderTransportKey(string providerId, ReadOnlySpan<byte> data)
    {
        var key = ProviderKey(providerId, k => k.TransportKey, "transport key");
        try
        {
            if (data.IsEmpty || data.Length % 8 != 0)
                throw new KeyServiceException("Data under the transport key must be whole DES blocks.");
            var padded = new DesCipher(key).DecryptCbc(new byte[8], data);
            if (!DesMac.TryUnpad(padded, out var plain))
            {
                CryptographicOperations.ZeroMemory(padded);
                throw new KeyServiceException("The data does not decrypt under the provider's transport key (bad padding).");
            }
            var result = plain.ToArray();
            CryptographicOperations.ZeroMemory(padded);
            return result;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private byte[] ProviderKey(string providerId, Func<ProviderKeys, string> select, string what)
    {
        if (!_providers.TryGetValue(providerId ?? "", out var keys) || string.IsNullOrEmpty(select(keys)))
            throw new KeyServiceException($"Service provider '{providerId}' has no {what} in the key service.");
        var key = Unprotect(select(keys));
        if (key.Length != 16)
        {
            CryptographicOperations.ZeroMemory(key);
            throw new KeyServiceException($"The {what} of service provider '{providerId}' is not a double-length DES key.");
        }
        return key;
    }

    private static byte[] DecryptEcb(byte[] key, ReadOnlySpan<byte> data)
    {
        try
        {
            if (data.IsEmpty || data.Length % 8 != 0)
                throw new KeyServiceException("Data under a KEK must be whole DES blocks.");
            return new DesCipher(key).DecryptEcb(data);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
