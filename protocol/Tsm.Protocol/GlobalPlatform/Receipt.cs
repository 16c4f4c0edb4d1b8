using System.Security.Cryptography;
using Tsm.Protocol.Crypto;

namespace Tsm.Protocol.GlobalPlatform;

/// <summary>
/// Delegated Management receipts (GP 2.2.1 Appendix C.5): either the retail MAC (B.1.2.2, ICV zero, B.4 padding) of
/// the <see cref="ReceiptData"/> under a 16-byte DES Receipt key, or an RSASSA-PKCS1-v1_5 SHA-1 signature of it by
/// the Receipt private key (table C-1).
/// </summary>
public static class Receipt
{
    /// <summary>Length of a DES receipt.</summary>
    public const int DesLength = 8;

    /// <exception cref="ArgumentException">A key that is not 16 bytes.</exception>
    public static byte[] ComputeDes(ReadOnlySpan<byte> receiptKey, ReadOnlySpan<byte> receiptData)
    {
        if (receiptKey.Length != 16)
            throw new ArgumentException($"A DES Receipt key has 16 bytes, got {receiptKey.Length}.", nameof(receiptKey));
        return DesMac.RetailWithKey(receiptKey, receiptData);
    }

    /// <summary>Constant-time check of a DES receipt; false for a receipt or key of the wrong length.</summary>
    public static bool VerifyDes(ReadOnlySpan<byte> receiptKey, ReadOnlySpan<byte> receiptData, ReadOnlySpan<byte> receipt)
    {
        return DesMac.VerifyRetailWithKey(receiptKey, receiptData, receipt);
    }

    public static byte[] SignRsa(RSA receiptKey, ReadOnlySpan<byte> receiptData)
    {
        ArgumentNullException.ThrowIfNull(receiptKey);
        return receiptKey.SignData(receiptData.ToArray(), HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
    }

    public static bool VerifyRsa(RSA receiptPublicKey, ReadOnlySpan<byte> receiptData, ReadOnlySpan<byte> receipt)
    {
        ArgumentNullException.ThrowIfNull(receiptPublicKey);
        return receipt.Length == receiptPublicKey.KeySize / 8
            && receiptPublicKey.VerifyData(receiptData, receipt, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
    }
}
