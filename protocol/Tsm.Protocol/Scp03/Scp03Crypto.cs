using System.Security.Cryptography;

namespace Tsm.Protocol.Scp03;

/// <summary>
/// The SCP03 primitives (GP Card Specification v2.2 Amendment D, docs/secure-channels.md): the counter-mode KDF of
/// NIST SP 800-108 with AES-CMAC as PRF and GP's derivation data, the cryptograms, the pseudo-random card challenge,
/// ISO 9797-1 method 2 padding to 16 bytes, AES block and CBC operations, and the AES key check value.
/// </summary>
public static class Scp03Crypto
{
    public const int BlockSize = 16;

    /// <summary>Derivation constants (Amendment D §4.1.5).</summary>
    public const byte CardCryptogramConstant = 0x00;
    public const byte HostCryptogramConstant = 0x01;
    public const byte CardChallengeConstant = 0x02;
    public const byte SEncConstant = 0x04;
    public const byte SMacConstant = 0x06;
    public const byte SRMacConstant = 0x07;

    /// <summary>Challenges and cryptograms have 8 bytes (64 bits) in the S8 mode this implementation speaks.</summary>
    public const int ChallengeLength = 8;

    public static bool IsAesKeyLength(int length) => length is 16 or 24 or 32;

    internal static void RequireAesKey(ReadOnlySpan<byte> key)
    {
        if (!IsAesKeyLength(key.Length))
            throw new ArgumentException($"An AES key has 16, 24 or 32 bytes, got {key.Length}.", nameof(key));
    }

    /// <summary>
    /// KDF in counter mode: for i = 1, 2 … the CMAC under <paramref name="key"/> of
    /// <c>label (11 × 00 ‖ constant) ‖ 00 ‖ L (2 bytes, bits) ‖ i ‖ context</c>, concatenated and cut to L bits.
    /// </summary>
    public static byte[] Derive(ReadOnlySpan<byte> key, byte constant, ReadOnlySpan<byte> context, int bits)
    {
        if (bits <= 0 || bits % 8 != 0 || bits > 0xFFFF)
            throw new ArgumentOutOfRangeException(nameof(bits), "L is a whole number of bytes below 2^16 bits.");
        var length = bits / 8;
        // Derivation data: 12-byte label + separator + 2-byte L + 1-byte counter + context.
        var input = new byte[12 + 1 + 2 + 1 + context.Length];
        input[11] = constant;
        input[13] = (byte)(bits >> 8);
        input[14] = (byte)bits;
        context.CopyTo(input.AsSpan(16));
        var output = new byte[(length + AesCmac.Length - 1) / AesCmac.Length * AesCmac.Length];
        for (var i = 1; (i - 1) * AesCmac.Length < length; i++)
        {
            input[15] = (byte)i;
            AesCmac.Compute(key, input).CopyTo(output, (i - 1) * AesCmac.Length);
        }
        return output[..length];
    }

    /// <summary>Session key: derived from a static key with host challenge ‖ card challenge as context, as long as the static key.</summary>
    public static byte[] SessionKey(ReadOnlySpan<byte> staticKey, byte constant, ReadOnlySpan<byte> context) =>
        Derive(staticKey, constant, context, staticKey.Length * 8);

    public static byte[] CardCryptogram(ReadOnlySpan<byte> sMac, ReadOnlySpan<byte> context) =>
        Derive(sMac, CardCryptogramConstant, context, ChallengeLength * 8);

    public static byte[] HostCryptogram(ReadOnlySpan<byte> sMac, ReadOnlySpan<byte> context) =>
        Derive(sMac, HostCryptogramConstant, context, ChallengeLength * 8);

    /// <summary>The pseudo-random card challenge: KDF under the static Key-ENC of the 3-byte sequence counter ‖ the SD's AID.</summary>
    public static byte[] PseudoRandomCardChallenge(ReadOnlySpan<byte> keyEnc, int sequenceCounter, ReadOnlySpan<byte> aid)
    {
        if (sequenceCounter is < 0 or > 0xFFFFFF)
            throw new ArgumentOutOfRangeException(nameof(sequenceCounter), "The SCP03 sequence counter has 3 bytes.");
        var context = new byte[3 + aid.Length];
        context[0] = (byte)(sequenceCounter >> 16);
        context[1] = (byte)(sequenceCounter >> 8);
        context[2] = (byte)sequenceCounter;
        aid.CopyTo(context.AsSpan(3));
        return Derive(keyEnc, CardChallengeConstant, context, ChallengeLength * 8);
    }

    /// <summary>The AES key check value: the first 3 bytes of 16 bytes 01 encrypted with the key.</summary>
    public static byte[] KeyCheckValue(ReadOnlySpan<byte> key)
    {
        Span<byte> ones = stackalloc byte[BlockSize];
        ones.Fill(0x01);
        return EncryptBlock(key, ones)[..3];
    }

    public static byte[] EncryptBlock(ReadOnlySpan<byte> key, ReadOnlySpan<byte> block)
    {
        using var aes = NewAes(key);
        return aes.EncryptEcb(block, PaddingMode.None);
    }

    public static byte[] EncryptCbc(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data)
    {
        using var aes = NewAes(key);
        return aes.EncryptCbc(data, iv, PaddingMode.None);
    }

    public static byte[] DecryptCbc(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data)
    {
        if (data.Length % BlockSize != 0)
            throw new Scp03Exception("Encrypted data is not a whole number of AES blocks.");
        using var aes = NewAes(key);
        return aes.DecryptCbc(data, iv, PaddingMode.None);
    }

    /// <summary>ISO/IEC 9797-1 method 2: 80 then 00s up to a multiple of 16 (a whole block is added to aligned data).</summary>
    public static byte[] Pad(ReadOnlySpan<byte> data)
    {
        var padded = new byte[(data.Length / BlockSize + 1) * BlockSize];
        data.CopyTo(padded);
        padded[data.Length] = 0x80;
        return padded;
    }

    /// <summary>
    /// Removes method-2 padding: trailing 00s, then the 80. Lenient as hosts in the field are: cards that pad with more
    /// than one block of zeros (seen in published traces) are accepted too; false when there is no 80.
    /// </summary>
    public static bool TryUnpad(ReadOnlySpan<byte> padded, out ReadOnlySpan<byte> data)
    {
        data = default;
        if (padded.IsEmpty || padded.Length % BlockSize != 0)
            return false;
        var i = padded.Length - 1;
        while (i >= 0 && padded[i] == 0x00)
            i--;
        if (i < 0 || padded[i] != 0x80)
            return false;
        data = padded[..i];
        return true;
    }

    /// <summary>
    /// A key for PUT KEY (GP 2.2.1 §11.8.2.3, AES key type 88): 1 byte key length, then the key padded with zeros to
    /// whole blocks and encrypted with the static Key-DEK in CBC mode with a zero ICV.
    /// </summary>
    public static byte[] EncryptKey(ReadOnlySpan<byte> dek, ReadOnlySpan<byte> key)
    {
        RequireAesKey(key);
        var padded = new byte[(key.Length + BlockSize - 1) / BlockSize * BlockSize];
        key.CopyTo(padded);
        var encrypted = EncryptCbc(dek, new byte[BlockSize], padded);
        CryptographicOperations.ZeroMemory(padded);
        return [(byte)key.Length, .. encrypted];
    }

    /// <summary>
    /// Decrypts a PUT KEY key data block: a whole number of blocks is the encrypted key itself; otherwise the first byte
    /// gives the key's length and the rest is the padded, encrypted key. Null when malformed or not an AES key length.
    /// </summary>
    public static byte[]? DecryptKey(ReadOnlySpan<byte> dek, ReadOnlySpan<byte> block)
    {
        int length;
        ReadOnlySpan<byte> encrypted;
        if (block.Length % BlockSize == 0)
        {
            length = block.Length;
            encrypted = block;
        }
        else
        {
            length = block[0];
            encrypted = block[1..];
        }
        if (!IsAesKeyLength(length) || encrypted.IsEmpty || encrypted.Length % BlockSize != 0 || encrypted.Length < length || encrypted.Length - length >= BlockSize)
            return null;
        var plain = DecryptCbc(dek, new byte[BlockSize], encrypted);
        var key = plain[..length];
        CryptographicOperations.ZeroMemory(plain);
        return key;
    }

    private static Aes NewAes(ReadOnlySpan<byte> key)
    {
        RequireAesKey(key);
        var aes = Aes.Create();
        aes.Key = key.ToArray();
        return aes;
    }
}
