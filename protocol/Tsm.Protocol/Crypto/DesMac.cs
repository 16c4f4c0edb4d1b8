namespace Tsm.Protocol.Crypto;

/// <summary>
/// DES padding and MACs of GP 2.2.1 Appendix B: method 2 padding (B.4), the full triple-DES MAC (B.1.2.1)
/// and the retail MAC, single DES plus final triple DES (B.1.2.2, ISO/IEC 9797-1 algorithm 3), and key check values (B.5).
/// </summary>
public static class DesMac
{
    /// <summary>Appends 80 then 00 bytes up to a multiple of 8 (always at least one byte is added).</summary>
    public static byte[] Pad(ReadOnlySpan<byte> data)
    {
        var padded = new byte[PaddedLength(data.Length)];
        data.CopyTo(padded);
        padded[data.Length] = 0x80;
        return padded;
    }

    public static int PaddedLength(int length) => (length / 8 + 1) * 8;

    /// <summary>Removes method-2 padding; returns false when none is found in the last block.</summary>
    public static bool TryUnpad(ReadOnlySpan<byte> padded, out ReadOnlySpan<byte> data)
    {
        data = default;
        if (padded.IsEmpty || padded.Length % 8 != 0)
            return false;
        for (var i = padded.Length - 1; i >= padded.Length - 8; i--)
        {
            if (padded[i] == 0x80)
            {
                data = padded[..i];
                return true;
            }
            if (padded[i] != 0x00)
                return false;
        }
        return false;
    }

    /// <summary>Full triple-DES MAC: 3DES-CBC over the padded data, last block (B.1.2.1).</summary>
    public static byte[] FullTripleDes(DesCipher key, ReadOnlySpan<byte> icv, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(key);
        var cipher = key.EncryptCbc(icv, Pad(data));
        return cipher[^8..];
    }

    /// <summary>
    /// Retail MAC (B.1.2.2): single DES with K1 in CBC over every block but the last, then triple DES on the
    /// last. <paramref name="singleK1"/> is the DES cipher under the first 8 key bytes, <paramref name="triple"/> the 3DES one.
    /// </summary>
    public static byte[] Retail(DesCipher singleK1, DesCipher triple, ReadOnlySpan<byte> icv, ReadOnlySpan<byte> data)
    {
        var mac = new byte[8];
        Retail(singleK1, triple, icv, data, mac);
        return mac;
    }

    /// <summary>Retail MAC into <paramref name="mac"/> (8 bytes), padding applied here.</summary>
    public static void Retail(DesCipher singleK1, DesCipher triple, ReadOnlySpan<byte> icv, ReadOnlySpan<byte> data, Span<byte> mac)
    {
        ArgumentNullException.ThrowIfNull(singleK1);
        ArgumentNullException.ThrowIfNull(triple);
        Span<byte> chain = stackalloc byte[8];
        Span<byte> block = stackalloc byte[8];
        icv[..8].CopyTo(chain);
        var fullBlocks = data.Length / 8; // the padded length has fullBlocks + 1 blocks
        for (var b = 0; b < fullBlocks; b++)
        {
            var slice = data.Slice(b * 8, 8);
            for (var j = 0; j < 8; j++)
                block[j] = (byte)(chain[j] ^ slice[j]);
            singleK1.EncryptBlock(block, chain);
        }
        // Last (padded) block: remaining bytes, then 80 00…
        var rest = data[(fullBlocks * 8)..];
        block.Clear();
        rest.CopyTo(block);
        block[rest.Length] = 0x80;
        for (var j = 0; j < 8; j++)
            block[j] ^= chain[j];
        // The chain so far used single DES under K1; the last block gets the full triple DES (B.1.2.2).
        triple.EncryptBlock(block, mac);
    }

    /// <summary>
    /// The retail MAC (ISO/IEC 9797-1 algorithm 3, zero ICV) of <paramref name="data"/> under a double-length DES key:
    /// what GP's DES DAP and DES receipts are (GP 2.2.1 C.6.2, C.5.2).
    /// </summary>
    public static byte[] RetailWithKey(ReadOnlySpan<byte> key16, ReadOnlySpan<byte> data)
    {
        if (key16.Length != 16)
            throw new ArgumentException($"A double-length DES key has 16 bytes, got {key16.Length}.", nameof(key16));
        return Retail(new DesCipher(key16[..8]), new DesCipher(key16), new byte[8], data);
    }

    /// <summary>Constant-time check of <see cref="RetailWithKey"/>; false for a MAC or key of the wrong length.</summary>
    public static bool VerifyRetailWithKey(ReadOnlySpan<byte> key16, ReadOnlySpan<byte> data, ReadOnlySpan<byte> mac)
    {
        if (mac.Length != 8 || key16.Length != 16)
            return false;
        var expected = RetailWithKey(key16, data);
        try
        {
            return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(expected, mac);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(expected);
        }
    }

    /// <summary>Key check value of a DES key: the first 3 bytes of 3DES(key, 00…00) (B.5).</summary>
    public static byte[] KeyCheckValue(ReadOnlySpan<byte> key)
    {
        var cipher = new DesCipher(key);
        Span<byte> zero = stackalloc byte[8];
        Span<byte> output = stackalloc byte[8];
        zero.Clear();
        cipher.EncryptBlock(zero, output);
        return output[..3].ToArray();
    }
}
