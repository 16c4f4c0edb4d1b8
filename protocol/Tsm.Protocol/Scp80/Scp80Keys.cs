namespace Tsm.Protocol.Scp80;

/// <summary>
/// The two keys of an SCP80 key set: KIc ciphers, KID computes the cryptographic checksum (ETSI TS 102 225 §5.1.2,
/// §5.1.3). DES keys are 8, 16 or 24 bytes; AES keys 16, 24 or 32. Key material never appears in
/// <see cref="ToString"/>; <see cref="Dispose"/> zeroes it.
/// </summary>
public sealed class Scp80Keys : IDisposable
{
    private readonly byte[] _kic;
    private readonly byte[] _kid;

    public Scp80Keys(ReadOnlySpan<byte> kic, ReadOnlySpan<byte> kid)
    {
        _kic = kic.ToArray();
        _kid = kid.ToArray();
    }

    public ReadOnlySpan<byte> Kic => _kic;

    public ReadOnlySpan<byte> Kid => _kid;

    public void Dispose()
    {
        Array.Clear(_kic);
        Array.Clear(_kid);
    }

    public override string ToString() => $"Scp80Keys(KIc {_kic.Length} bytes, KID {_kid.Length} bytes)";
}
