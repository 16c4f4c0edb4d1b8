using System.Security.Cryptography;
using Tsm.Protocol.Crypto;

namespace Tsm.Protocol.Scp02;

/// <summary>
/// The session keys of one SCP02 session (GP 2.2.1 §E.4.1), derived from a key set and the sequence counter,
/// with keyed ciphers for the MAC and encryption steps, each keyed on first use (a session that never uses R-MAC or
/// the DEK never pays for their key schedules).
/// </summary>
public sealed class Scp02SessionKeys : IDisposable
{
    private readonly byte[] _enc;
    private readonly byte[] _cmac;
    private readonly byte[] _rmac;
    private readonly byte[] _dek;

    public Scp02SessionKeys(Scp02KeySet keys, ushort sequenceCounter)
    {
        ArgumentNullException.ThrowIfNull(keys);
        SequenceCounter = sequenceCounter;
        var staticMac = new DesCipher(keys.Mac);
        _enc = Scp02Crypto.DeriveSessionKey(keys.Enc, Scp02Crypto.EncConstant, sequenceCounter);
        _cmac = Scp02Crypto.DeriveSessionKey(staticMac, Scp02Crypto.CMacConstant, sequenceCounter);
        _rmac = Scp02Crypto.DeriveSessionKey(staticMac, Scp02Crypto.RMacConstant, sequenceCounter);
        _dek = Scp02Crypto.DeriveSessionKey(keys.Dek, Scp02Crypto.DekConstant, sequenceCounter);
    }

    public ushort SequenceCounter { get; }

    internal DesCipher Enc => field ??= new DesCipher(_enc);

    internal DesCipher CMac => field ??= new DesCipher(_cmac);

    internal DesCipher CMacK1 => field ??= new DesCipher(_cmac.AsSpan(0, 8));

    internal DesCipher RMac => field ??= new DesCipher(_rmac);

    internal DesCipher RMacK1 => field ??= new DesCipher(_rmac.AsSpan(0, 8));

    internal DesCipher Dek => field ??= new DesCipher(_dek);

    /// <summary>Session key bytes, for known-answer tests and QA tooling only.</summary>
    public ReadOnlySpan<byte> EncKey => _enc;

    public ReadOnlySpan<byte> CMacKey => _cmac;

    public ReadOnlySpan<byte> RMacKey => _rmac;

    public ReadOnlySpan<byte> DekKey => _dek;

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_enc);
        CryptographicOperations.ZeroMemory(_cmac);
        CryptographicOperations.ZeroMemory(_rmac);
        CryptographicOperations.ZeroMemory(_dek);
    }

    public override string ToString() => $"SCP02 session keys (counter {SequenceCounter:X4})";
}
