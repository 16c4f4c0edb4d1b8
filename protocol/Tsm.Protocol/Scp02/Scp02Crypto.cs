using Tsm.Protocol.Crypto;

namespace Tsm.Protocol.Scp02;

/// <summary>The SCP02 cryptographic functions shared by the host side and the card side (GP 2.2.1 §E.4).</summary>
public static class Scp02Crypto
{
    /// <summary>Session key derivation constants (§E.4.1).</summary>
    public const ushort CMacConstant = 0x0101;
    public const ushort RMacConstant = 0x0102;
    public const ushort DekConstant = 0x0181;
    public const ushort EncConstant = 0x0182;

    /// <summary>
    /// A session key: 3DES-CBC with ICV zero of <c>constant(2) ‖ sequenceCounter(2) ‖ 00×12</c> under the static key (§E.4.1).
    /// </summary>
    public static byte[] DeriveSessionKey(ReadOnlySpan<byte> staticKey, ushort constant, ushort sequenceCounter) =>
        DeriveSessionKey(new DesCipher(staticKey), constant, sequenceCounter);

    /// <summary>A session key under an already keyed static key (one key schedule for several derivations).</summary>
    public static byte[] DeriveSessionKey(DesCipher staticKey, ushort constant, ushort sequenceCounter)
    {
        ArgumentNullException.ThrowIfNull(staticKey);
        Span<byte> derivation = stackalloc byte[16];
        derivation.Clear();
        derivation[0] = (byte)(constant >> 8);
        derivation[1] = (byte)constant;
        derivation[2] = (byte)(sequenceCounter >> 8);
        derivation[3] = (byte)sequenceCounter;
        Span<byte> zero = stackalloc byte[8];
        zero.Clear();
        return staticKey.EncryptCbc(zero, derivation);
    }

    /// <summary>Card cryptogram: full 3DES MAC under S-ENC of hostChallenge ‖ seq ‖ cardChallenge (§E.4.2.1).</summary>
    public static byte[] CardCryptogram(DesCipher sessionEnc, ReadOnlySpan<byte> hostChallenge, ushort sequenceCounter, ReadOnlySpan<byte> cardChallenge)
    {
        Span<byte> data = stackalloc byte[16];
        hostChallenge[..8].CopyTo(data);
        data[8] = (byte)(sequenceCounter >> 8);
        data[9] = (byte)sequenceCounter;
        cardChallenge[..6].CopyTo(data[10..]);
        return DesMac.FullTripleDes(sessionEnc, ZeroIcv, data);
    }

    /// <summary>Host cryptogram: full 3DES MAC under S-ENC of seq ‖ cardChallenge ‖ hostChallenge (§E.4.2.2).</summary>
    public static byte[] HostCryptogram(DesCipher sessionEnc, ReadOnlySpan<byte> hostChallenge, ushort sequenceCounter, ReadOnlySpan<byte> cardChallenge)
    {
        Span<byte> data = stackalloc byte[16];
        data[0] = (byte)(sequenceCounter >> 8);
        data[1] = (byte)sequenceCounter;
        cardChallenge[..6].CopyTo(data[2..]);
        hostChallenge[..8].CopyTo(data[8..]);
        return DesMac.FullTripleDes(sessionEnc, ZeroIcv, data);
    }

    /// <summary>Pseudo-random card challenge: the six leftmost bytes of a retail MAC under the C-MAC session key over the padded AID (§E.4.2.3).</summary>
    public static byte[] PseudoRandomCardChallenge(ReadOnlySpan<byte> cmacSessionKey, ReadOnlySpan<byte> aid)
    {
        var mac = DesMac.Retail(new DesCipher(cmacSessionKey[..8]), new DesCipher(cmacSessionKey), ZeroIcv, aid);
        return mac[..6];
    }

    /// <summary>Encrypts sensitive data (a key for PUT KEY) with the session DEK: 3DES-ECB, no padding (§E.4.7, explicit mode).</summary>
    public static byte[] EncryptSensitive(ReadOnlySpan<byte> sessionDek, ReadOnlySpan<byte> data) => new DesCipher(sessionDek).EncryptEcb(data);

    /// <summary>Decrypts sensitive data with the session DEK (card side of §E.4.7).</summary>
    public static byte[] DecryptSensitive(ReadOnlySpan<byte> sessionDek, ReadOnlySpan<byte> data) => new DesCipher(sessionDek).DecryptEcb(data);

    internal static ReadOnlySpan<byte> ZeroIcv => [0, 0, 0, 0, 0, 0, 0, 0];
}
