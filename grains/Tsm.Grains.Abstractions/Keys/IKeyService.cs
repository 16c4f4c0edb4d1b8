using Tsm.Grains.Catalogue;
using Tsm.Protocol.Scp02;

namespace Tsm.Grains.Keys;

/// <summary>
/// The platform's HSM boundary (加密机 in docs/requirements.md): master keys never leave it in plain text. This interface is what
/// the OTA engine needs; a PKCS#11 implementation can replace the software one.
/// </summary>
public interface IKeyService
{
    /// <summary>The ISD key set of one card: the batch master key diversified with the card's key diversification data.</summary>
    /// <exception cref="KeyServiceException">The batch's master key is unknown.</exception>
    Scp02KeySet IsdKeys(SeBatch batch, ReadOnlySpan<byte> keyDiversificationData, byte keyVersion);

    /// <summary>A registration token for an SE and a date (requirement 5.5.2: derived from SEID and date).</summary>
    byte[] DeriveToken(string seId, DateOnly date);

    /// <summary>Encrypts a secret for storage at rest (AES-GCM under the service's master key).</summary>
    string Protect(ReadOnlySpan<byte> secret);

    /// <summary>Decrypts a secret stored with <see cref="Protect"/>.</summary>
    /// <exception cref="KeyServiceException">The blob was tampered with or was protected under another key.</exception>
    byte[] Unprotect(string protectedSecret);

    /// <summary>Generates an operator SD key set (three random double-length DES keys, requirement 5.8.9.4), protected for storage with the SE.</summary>
    ProtectedKeySet GenerateKeySet(byte keyVersion);

    /// <summary>A stored key set, opened for one secure channel session (the caller disposes it).</summary>
    /// <exception cref="KeyServiceException">The set does not decrypt under the storage key.</exception>
    Scp02KeySet OpenKeySet(ProtectedKeySet keySet);

    /// <summary>Whether a key the provider sent under its KEK (3DES-ECB) has this key check value.</summary>
    /// <exception cref="KeyServiceException">The provider has no KEK, or the value is not whole DES blocks.</exception>
    bool VerifyUnderKek(string providerId, ReadOnlySpan<byte> keyUnderKek, ReadOnlySpan<byte> kcv);

    /// <summary>
    /// KEK → DEK translation (requirement 5.8.4.6.2 4a): data the provider encrypted under its KEK (3DES-ECB), re-encrypted
    /// under the open session's DEK (3DES-ECB) without the plain value leaving the key service.
    /// </summary>
    /// <exception cref="KeyServiceException">The provider has no KEK, or the value is not whole DES blocks.</exception>
    byte[] TranslateKekToDek(string providerId, ReadOnlySpan<byte> underKek, Scp02HostChannel session);

    /// <summary>
    /// A key set the platform holds, re-encrypted under the open session's DEK for PUT KEY, with each key's KCV
    /// (GP 2.2.1 §11.8.2.3): ENC, MAC, DEK in that order.
    /// </summary>
    IReadOnlyList<(byte[] Encrypted, byte[] Kcv)> WrapForPutKey(ProtectedKeySet keySet, Scp02HostChannel session);

    /// <summary>
    /// Decrypts what a provider's platform sent under its transport key TK (requirement 5.8.4.6.2 step 2): 3DES-CBC, zero
    /// IV, ISO/IEC 9797-1 padding method 2. Sensitive fields inside stay under the provider's KEK.
    /// </summary>
    /// <exception cref="KeyServiceException">The provider has no TK, or the data does not decrypt under it.</exception>
    byte[] DecryptUnderTransportKey(string providerId, ReadOnlySpan<byte> data);

    /// <summary>
    /// Imports one key of a key file (a batch master key from the SE maker, requirement 5.8.9.5): the key 3DES-ECB under a
    /// transport key (<c>KeyService:TransportKeys:{ref}</c>) and its KCV; returns it protected for storage
    /// (<c>KeyService:MasterKeys</c>). The KCV must match.
    /// </summary>
    /// <exception cref="KeyServiceException">Unknown transport key, not a double-length key, or the KCV does not match.</exception>
    string ImportKey(string transportKeyRef, ReadOnlySpan<byte> keyUnderTransportKey, ReadOnlySpan<byte> kcv);

    /// <summary>
    /// Whether the service holds a master key under <paramref name="reference"/> (an SE batch's reference is checked when an
    /// operator stores the batch); null when this service cannot tell (an HSM that is not asked).
    /// </summary>
    bool? HasMasterKey(string reference) => null;
}
