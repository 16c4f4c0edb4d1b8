using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Tsm.Grains.Catalogue;
using Tsm.Protocol.Scp02;

namespace Tsm.Grains.Keys;

/// <summary>
/// The platform's HSM boundary (the seed's 加密机): master keys never leave it in plain text. This interface is what
/// the OTA engine needs; a PKCS#11 implementation can replace the software one.
/// </summary>
public interface IKeyService
{
    /// <summary>The ISD key set of one card: the batch master key diversified with the card's key diversification data.</summary>
    /// <exception cref="KeyServiceException">The batch's master key is unknown.</exception>
    Scp02KeySet IsdKeys(SeBatch batch, ReadOnlySpan<byte> keyDiversificationData, byte keyVersion);

    /// <summary>A registration token for an SE and a date (seed 5.5.2: derived from SEID and date).</summary>
    byte[] DeriveToken(string seId, DateOnly date);

    /// <summary>Encrypts a secret for storage at rest (AES-GCM under the service's master key).</summary>
    string Protect(ReadOnlySpan<byte> secret);

    /// <summary>Decrypts a secret stored with <see cref="Protect"/>.</summary>
    /// <exception cref="KeyServiceException">The blob was tampered with or was protected under another key.</exception>
    byte[] Unprotect(string protectedSecret);
}

/// <summary>A key service failure; its message never contains key material.</summary>
public sealed class KeyServiceException : Exception
{
    public KeyServiceException()
    {
    }

    public KeyServiceException(string message)
        : base(message)
    {
    }

    public KeyServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Configuration of the software key service (section "KeyService").</summary>
public sealed class KeyServiceOptions
{
    public const string Section = "KeyService";

    /// <summary>
    /// The 32-byte storage key (hex) that protects master keys at rest. Set it from the environment
    /// (<c>KeyService__StorageKey</c>) in production; the development default is public and only fit for test keys.
    /// </summary>
    public string StorageKey { get; set; } = "";

    /// <summary>Master keys by reference, each protected with <see cref="IKeyService.Protect"/> (format v1:nonce:cipher:tag).</summary>
    public Dictionary<string, string> MasterKeys { get; set; } = [];
}

/// <summary>
/// Software implementation of <see cref="IKeyService"/>: master keys are held encrypted (AES-GCM) and decrypted
/// only for a derivation, then zeroed.
/// </summary>
public sealed class SoftwareKeyService : IKeyService
{
    private readonly byte[] _storageKey;
    private readonly Dictionary<string, string> _masterKeys;

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
    }

    public Scp02KeySet IsdKeys(SeBatch batch, ReadOnlySpan<byte> keyDiversificationData, byte keyVersion)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!_masterKeys.TryGetValue(batch.MasterKeyRef, out var protectedKey))
            throw new KeyServiceException($"Master key '{batch.MasterKeyRef}' of batch '{batch.Id}' is not in the key service.");
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
}
