using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;
using Tsm.Protocol.Crypto;

namespace Tsm.Protocol.Scp80;

/// <summary>
/// The ciphers and checksums of ETSI TS 102 225 §5.1.2–§5.1.3 with a zero initial chaining value: DES, two- and
/// three-key triple DES (outer CBC) and AES in CBC mode for KIc; DES/3DES CBC-MAC (the last cipher block, 8 bytes,
/// over the data zero-padded to whole blocks) and AES CMAC (NIST SP 800-38B, the leftmost 8 bytes) for KID; CRC-32
/// (ISO/IEC 13239, the polynomial and reflection zlib uses) for a redundancy check.
/// </summary>
internal static class Scp80Crypto
{
    /// <summary>The cryptographic checksum length used and expected here (TS 102 225: 8 octets for DES; AES CMAC truncated to 8).</summary>
    public const int CcLength = 8;

    public const int Crc32Length = 4;

    /// <summary>The KID low nibble of CRC-32 when the SPI asks for a redundancy check (TS 102 225 §5.1.3.2).</summary>
    private const byte Crc32Nibble = 0x5;

    public static int BlockSize(Scp80KeyId kic) => kic.Algorithm == Scp80Algorithm.Aes ? 16 : 8;

    /// <summary>Whether ciphering under this KIc is offered.</summary>
    public static bool CanCipher(Scp80KeyId kic) => kic.IsKnownAlgorithm;

    /// <summary>The checksum length for the kind and KID, or null when the combination is not offered.</summary>
    public static int? ChecksumLength(Scp80ChecksumKind kind, Scp80KeyId kid) => kind switch
    {
        Scp80ChecksumKind.None => 0,
        Scp80ChecksumKind.CryptographicChecksum when kid.IsKnownAlgorithm => CcLength,
        Scp80ChecksumKind.RedundancyCheck when (kid.Value & 0x0F) == Crc32Nibble => Crc32Length,
        _ => null,
    };

    public static byte[] Encrypt(Scp80KeyId kic, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        RequireKey(kic, key, "KIc");
        if (kic.Algorithm == Scp80Algorithm.Aes)
        {
            using var aes = Aes.Create();
            aes.Key = key.ToArray();
            return aes.EncryptCbc(data, stackalloc byte[16], PaddingMode.None);
        }
        return new DesCipher(key).EncryptCbc(stackalloc byte[8], data);
    }

    public static byte[] Decrypt(Scp80KeyId kic, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        RequireKey(kic, key, "KIc");
        if (kic.Algorithm == Scp80Algorithm.Aes)
        {
            using var aes = Aes.Create();
            aes.Key = key.ToArray();
            return aes.DecryptCbc(data, stackalloc byte[16], PaddingMode.None);
        }
        return new DesCipher(key).DecryptCbc(stackalloc byte[8], data);
    }

    /// <summary>The RC or CC over <paramref name="data"/>; empty for <see cref="Scp80ChecksumKind.None"/>.</summary>
    public static byte[] Checksum(Scp80ChecksumKind kind, Scp80KeyId kid, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        switch (kind)
        {
            case Scp80ChecksumKind.None:
                return [];
            case Scp80ChecksumKind.RedundancyCheck:
                var crc = Crc32(data);
                return [(byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc];
            case Scp80ChecksumKind.CryptographicChecksum:
                RequireKey(kid, key, "KID");
                return kid.Algorithm == Scp80Algorithm.Aes ? AesCmac(key, data) : DesCbcMac(key, data);
            default:
                throw new Scp80FormatException("Digital signatures (DS) are not offered.", Scp80Fault.Unsupported);
        }
    }

    private static byte[] DesCbcMac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        // Zero padding up to whole blocks; these octets are used for the MAC only and not sent (TS 102 225 §5.1.3).
        var padded = new byte[(data.Length + 7) / 8 * 8];
        data.CopyTo(padded);
        if (padded.Length == 0)
            padded = new byte[8];
        var cipher = new DesCipher(key).EncryptCbc(stackalloc byte[8], padded);
        return cipher[^8..];
    }

    private static byte[] AesCmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        var mac = new CMac(new AesEngine(), CcLength * 8);
        mac.Init(new KeyParameter(key));
        mac.BlockUpdate(data);
        var output = new byte[CcLength];
        mac.DoFinal(output);
        return output;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>
    /// Whether the key has the length the KIc or KID's algorithm needs. A receiving side checks this before it
    /// deciphers, so that a packet naming another algorithm than its key set holds is a typed refusal, not a crash.
    /// </summary>
    public static bool Fits(Scp80KeyId id, ReadOnlySpan<byte> key) => id.Algorithm switch
    {
        Scp80Algorithm.Des => key.Length == 8,
        Scp80Algorithm.TripleDes2Key => key.Length == 16,
        Scp80Algorithm.TripleDes3Key => key.Length == 24,
        Scp80Algorithm.Aes => key.Length is 16 or 24 or 32,
        _ => false,
    };

    /// <summary>Throws the typed refusal when the key does not fit (see <see cref="Fits"/>).</summary>
    public static void RequireFit(Scp80KeyId id, ReadOnlySpan<byte> key, string name)
    {
        if (!Fits(id, key))
            throw new Scp80FormatException($"{name} {id} names an algorithm the key set's {key.Length}-byte key does not serve.", Scp80Fault.Unsupported);
    }

    private static void RequireKey(Scp80KeyId id, ReadOnlySpan<byte> key, string name)
    {
        var ok = id.Algorithm switch
        {
            Scp80Algorithm.Des => key.Length == 8,
            Scp80Algorithm.TripleDes2Key => key.Length == 16,
            Scp80Algorithm.TripleDes3Key => key.Length == 24,
            Scp80Algorithm.Aes => key.Length is 16 or 24 or 32,
            _ => throw new Scp80FormatException($"{name} {id} names an algorithm that is not offered.", Scp80Fault.Unsupported),
        };
        if (!ok)
            throw new ArgumentException($"A {id.Algorithm} {name} key cannot have {key.Length} bytes.", nameof(key));
    }
}
