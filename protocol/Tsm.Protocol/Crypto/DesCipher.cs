using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace Tsm.Protocol.Crypto;

/// <summary>
/// A keyed DES or triple-DES block cipher (GP 2.2.1 Appendix B.1). Keys of 8 bytes are single DES, 16 bytes
/// two-key 3DES (K1 K2 K1), 24 bytes three-key 3DES. BouncyCastle's engines are used because, unlike the
/// OpenSSL-backed BCL classes, they accept 16-byte keys and do not refuse weak or K1 = K2 keys, which real
/// card keys (and the GlobalPlatform test keys) can be. The encrypting engine is initialised once per key; the
/// decrypting one on first use, since most session keys only ever encrypt (MACs, cryptograms).
/// </summary>
public sealed class DesCipher
{
    public const int BlockSize = 8;

    private readonly IBlockCipher _encrypt;
    private readonly KeyParameter _key;
    private IBlockCipher? _decrypt;

    public DesCipher(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (8 or 16 or 24))
            throw new ArgumentException($"A DES key has 8, 16 or 24 bytes, got {key.Length}.", nameof(key));
        _key = new KeyParameter(key);
        _encrypt = NewEngine(true);
    }

    /// <summary>Encrypts one 8-byte block.</summary>
    public void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output) => _encrypt.ProcessBlock(input, output);

    /// <summary>Decrypts one 8-byte block.</summary>
    public void DecryptBlock(ReadOnlySpan<byte> input, Span<byte> output) => (_decrypt ??= NewEngine(false)).ProcessBlock(input, output);

    private IBlockCipher NewEngine(bool forEncryption)
    {
        IBlockCipher engine = _key.KeyLength == 8 ? new DesEngine() : new DesEdeEngine();
        engine.Init(forEncryption, _key);
        return engine;
    }

    /// <summary>ECB over whole blocks.</summary>
    public byte[] EncryptEcb(ReadOnlySpan<byte> data)
    {
        RequireBlocks(data);
        var output = new byte[data.Length];
        for (var i = 0; i < data.Length; i += BlockSize)
            EncryptBlock(data.Slice(i, BlockSize), output.AsSpan(i, BlockSize));
        return output;
    }

    /// <summary>ECB over whole blocks.</summary>
    public byte[] DecryptEcb(ReadOnlySpan<byte> data)
    {
        RequireBlocks(data);
        var output = new byte[data.Length];
        for (var i = 0; i < data.Length; i += BlockSize)
            DecryptBlock(data.Slice(i, BlockSize), output.AsSpan(i, BlockSize));
        return output;
    }

    /// <summary>CBC over whole blocks; <paramref name="iv"/> is 8 bytes.</summary>
    public byte[] EncryptCbc(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data)
    {
        var output = new byte[data.Length];
        EncryptCbc(iv, data, output);
        return output;
    }

    /// <summary>CBC over whole blocks into <paramref name="output"/> (same length as the data).</summary>
    public void EncryptCbc(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data, Span<byte> output)
    {
        RequireBlocks(data);
        Span<byte> chain = stackalloc byte[BlockSize];
        iv[..BlockSize].CopyTo(chain);
        for (var i = 0; i < data.Length; i += BlockSize)
        {
            for (var j = 0; j < BlockSize; j++)
                chain[j] ^= data[i + j];
            EncryptBlock(chain, output.Slice(i, BlockSize));
            output.Slice(i, BlockSize).CopyTo(chain);
        }
    }

    /// <summary>CBC decryption over whole blocks.</summary>
    public byte[] DecryptCbc(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data)
    {
        RequireBlocks(data);
        var output = new byte[data.Length];
        Span<byte> chain = stackalloc byte[BlockSize];
        Span<byte> block = stackalloc byte[BlockSize];
        iv[..BlockSize].CopyTo(chain);
        for (var i = 0; i < data.Length; i += BlockSize)
        {
            DecryptBlock(data.Slice(i, BlockSize), block);
            for (var j = 0; j < BlockSize; j++)
                output[i + j] = (byte)(block[j] ^ chain[j]);
            data.Slice(i, BlockSize).CopyTo(chain);
        }
        return output;
    }

    private static void RequireBlocks(ReadOnlySpan<byte> data)
    {
        if (data.Length % BlockSize != 0)
            throw new ArgumentException($"Data of {data.Length} bytes is not a whole number of 8-byte blocks.", nameof(data));
    }
}
