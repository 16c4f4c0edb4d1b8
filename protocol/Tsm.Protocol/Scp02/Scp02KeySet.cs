using System.Security.Cryptography;

namespace Tsm.Protocol.Scp02;

/// <summary>
/// The static keys of one Secure Channel key set (GP 2.2.1 §E.2, Table E-3): S-ENC, S-MAC and DEK, each a
/// 16-byte double-length DES key, with their key version number. Key bytes are zeroed on dispose and never
/// printed by <see cref="ToString"/>.
/// </summary>
public sealed class Scp02KeySet : IDisposable
{
    private readonly byte[] _enc;
    private readonly byte[] _mac;
    private readonly byte[] _dek;

    public Scp02KeySet(byte version, ReadOnlySpan<byte> enc, ReadOnlySpan<byte> mac, ReadOnlySpan<byte> dek)
    {
        RequireKey(enc, nameof(enc));
        RequireKey(mac, nameof(mac));
        RequireKey(dek, nameof(dek));
        Version = version;
        _enc = enc.ToArray();
        _mac = mac.ToArray();
        _dek = dek.ToArray();
    }

    /// <summary>One key used as S-ENC, S-MAC and DEK (the GlobalPlatform test key set is like that).</summary>
    public static Scp02KeySet FromSingleKey(byte version, ReadOnlySpan<byte> key) => new(version, key, key, key);

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

    public override string ToString() => $"SCP02 key set version {Version:X2}";

    private static void RequireKey(ReadOnlySpan<byte> key, string name)
    {
        if (key.Length != 16)
            throw new ArgumentException("An SCP02 static key has 16 bytes.", name);
    }
}
