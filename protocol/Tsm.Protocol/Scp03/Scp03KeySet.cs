using System.Security.Cryptography;

namespace Tsm.Protocol.Scp03;

/// <summary>
/// The static keys of one SCP03 key set (Amendment D §4.1.1): Key-ENC, Key-MAC and Key-DEK, AES-128, AES-192 or
/// AES-256, with their key version number. Key bytes are zeroed on dispose and never printed by <see cref="ToString"/>.
/// </summary>
public sealed class Scp03KeySet : IDisposable
{
    private readonly byte[] _enc;
    private readonly byte[] _mac;
    private readonly byte[] _dek;

    public Scp03KeySet(byte version, ReadOnlySpan<byte> enc, ReadOnlySpan<byte> mac, ReadOnlySpan<byte> dek)
    {
        Scp03Crypto.RequireAesKey(enc);
        Scp03Crypto.RequireAesKey(mac);
        Scp03Crypto.RequireAesKey(dek);
        Version = version;
        _enc = enc.ToArray();
        _mac = mac.ToArray();
        _dek = dek.ToArray();
    }

    /// <summary>One key used as Key-ENC, Key-MAC and Key-DEK (as the GlobalPlatform test key set is).</summary>
    public static Scp03KeySet FromSingleKey(byte version, ReadOnlySpan<byte> key) => new(version, key, key, key);

    public byte Version { get; }

    public ReadOnlySpan<byte> Enc => _enc;

    public ReadOnlySpan<byte> Mac => _mac;

    public ReadOnlySpan<byte> Dek => _dek;

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_enc);
        CryptographicOperations.ZeroMemory(_mac);
        CryptographicOperations.ZeroMemory(_dek);
    }

    public override string ToString() => $"SCP03 key set version {Version:X2} (AES-{_enc.Length * 8})";
}
