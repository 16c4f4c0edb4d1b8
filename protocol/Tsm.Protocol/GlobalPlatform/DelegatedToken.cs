using System.Security.Cryptography;
using Tsm.Protocol.Apdu;

namespace Tsm.Protocol.GlobalPlatform;

/// <summary>
/// Delegated Management tokens (GP 2.2.1 §9.2.2, Appendix C.4): RSASSA-PKCS1-v1_5 SHA-1 signatures (B.3) by the
/// Token key holder (the Card Issuer) of the <see cref="TokenData"/> of an INSTALL or DELETE command, checked by the SD
/// with Token Verification privilege against the Token key's public half (at least 1024 bits, table C-1).
/// </summary>
public static class DelegatedToken
{
    /// <summary>Shortest Token key GP 2.2.1 allows (table C-1).</summary>
    public const int MinimumKeyBits = 1024;

    /// <summary>Signs a command built with an empty token and returns the token.</summary>
    /// <exception cref="GpFormatException">A command that carries no token, or one that already has a token.</exception>
    public static byte[] Sign(RSA tokenKey, CommandApdu unsignedCommand)
    {
        ArgumentNullException.ThrowIfNull(tokenKey);
        var data = TokenData.FromCommand(unsignedCommand);
        if (!data.Token.IsEmpty)
            throw new GpFormatException("The command already carries a token.");
        return tokenKey.SignData(data.Signed.ToArray(), HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
    }

    /// <summary>Whether the command's token is the Token key's signature of its token data; false when it has none.</summary>
    /// <exception cref="GpFormatException">A command that carries no token or is malformed.</exception>
    public static bool Verify(RSA tokenPublicKey, CommandApdu command)
    {
        ArgumentNullException.ThrowIfNull(tokenPublicKey);
        var data = TokenData.FromCommand(command);
        return Verify(tokenPublicKey, data.Signed.Span, data.Token.Span);
    }

    /// <summary>Checks a token over its signed data; false for an empty token or one of the wrong length.</summary>
    public static bool Verify(RSA tokenPublicKey, ReadOnlySpan<byte> signed, ReadOnlySpan<byte> token)
    {
        ArgumentNullException.ThrowIfNull(tokenPublicKey);
        return token.Length == tokenPublicKey.KeySize / 8
            && tokenPublicKey.VerifyData(signed, token, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
    }

    /// <summary>
    /// The command with its token: for INSTALL the empty token length at the end of the data becomes the token's BER
    /// LV; for DELETE the <c>9E</c> element is appended. CLA, INS, P1, P2 and Le are kept.
    /// </summary>
    /// <exception cref="GpFormatException">A command that carries no token, already has one, or would exceed 255 bytes.</exception>
    public static CommandApdu Attach(CommandApdu unsignedCommand, ReadOnlySpan<byte> token)
    {
        ArgumentNullException.ThrowIfNull(unsignedCommand);
        if (token.IsEmpty)
            throw new ArgumentException("The token is empty.", nameof(token));
        var unsigned = TokenData.UnsignedLength(unsignedCommand, out var present);
        if (!present.IsEmpty)
            throw new GpFormatException("The command already carries a token.");
        var data = new List<byte>(unsigned + token.Length + 4);
        data.AddRange(unsignedCommand.Data.Span[..unsigned]);
        if (unsignedCommand.Ins == InstallCommand.Ins)
            GpEncoding.WriteBerLv(data, token);
        else
            GpEncoding.WriteTlv(data, DeleteCommand.TokenTag, token);
        if (data.Count > CommandApdu.MaxShortNc)
            throw new GpFormatException($"With its token the command has {data.Count} data bytes; a short APDU holds {CommandApdu.MaxShortNc}.");
        return new CommandApdu(unsignedCommand.Cla, unsignedCommand.Ins, unsignedCommand.P1, unsignedCommand.P2, data.ToArray(), unsignedCommand.Ne);
    }
}
