using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Tsm.Protocol.Scp03;

/// <summary>AES-CMAC (NIST SP 800-38B), the full 16-byte tag, with AES-128, AES-192 or AES-256 keys.</summary>
public static class AesCmac
{
    public const int Length = 16;

    public static byte[] Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        Scp03Crypto.RequireAesKey(key);
        var mac = new CMac(new AesEngine());
        mac.Init(new KeyParameter(key));
        mac.BlockUpdate(data);
        var tag = new byte[Length];
        mac.DoFinal(tag, 0);
        return tag;
    }
}
