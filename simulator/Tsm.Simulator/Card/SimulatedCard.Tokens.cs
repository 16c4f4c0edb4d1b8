using System.Security.Cryptography;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Tlv;

namespace Tsm.Simulator.Card;

// Delegated management tokens (GP 2.2.1 §9.2.2, Appendix C.4, B.3).
public sealed partial class SimulatedCard
{
    /// <summary>
    /// An SD acting under Delegated Management (not the ISD, no Authorized Management) needs a token for every card
    /// content management command: an RSA PKCS#1 v1.5 SHA-1 signature, by the Token Verification key holder, of
    /// P1, P2, the data length without the token, and the data without the token (C.4.1–C.4.6).
    /// </summary>
    private bool NeedsToken(ApplicationRecord sd) =>
        !IsIsd(sd) && !PrivilegesOf(sd).Has(Privileges.AuthorizedManagement) && PrivilegesOf(sd).Has(Privileges.DelegatedManagement);

    /// <summary>Checks an INSTALL token: the last LV of the data field.</summary>
    private bool VerifyInstallToken(CommandApdu command, ReadOnlySpan<byte> token)
    {
        var data = command.Data.Span;
        // The token's LV is last; without it the data ends with a 00 length (C.4: "Lc prior to a Token being added").
        var lengthSize = token.Length < 0x80 ? 1 : 2;
        var unsignedLength = data.Length - token.Length - lengthSize;
        if (token.IsEmpty || unsignedLength < 0)
            return false;
        var signed = new byte[3 + unsignedLength];
        signed[0] = command.P1;
        signed[1] = command.P2;
        signed[2] = (byte)(unsignedLength + 1);
        data[..unsignedLength].CopyTo(signed.AsSpan(3));
        return VerifyToken(signed, token);
    }

    /// <summary>Checks a DELETE token (tag 9E): the signed data is the data field without the token TLV (C.4.6).</summary>
    private bool VerifyDeleteToken(CommandApdu command, ReadOnlySpan<byte> token)
    {
        var data = command.Data.Span;
        var at = -1;
        var reader = new BerTlvReader(data);
        try
        {
            var start = reader.Position;
            while (reader.TryRead(out var header, out _))
            {
                if (header.Tag.Value == 0x9E)
                {
                    at = start;
                    break;
                }
                start = reader.Position;
            }
        }
        catch (TlvFormatException)
        {
            return false;
        }
        if (token.IsEmpty || at < 0)
            return false;
        var signed = new byte[3 + at];
        signed[0] = command.P1;
        signed[1] = command.P2;
        signed[2] = (byte)at;
        data[..at].CopyTo(signed.AsSpan(3));
        return VerifyToken(signed, token);
    }

    private bool VerifyToken(ReadOnlySpan<byte> signed, ReadOnlySpan<byte> token)
    {
        if (_image.TokenVerificationKey is not { } key)
            return false;
        using var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters { Modulus = Hex.Parse(key.Modulus), Exponent = Hex.Parse(key.Exponent) });
        return rsa.VerifyData(signed, token, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
    }

    /// <summary>The token check for an INSTALL variant; null when it passes or is not needed.</summary>
    private ResponseApdu? CheckInstallToken(ApplicationRecord sd, CommandApdu command, InstallCommand request)
    {
        if (!NeedsToken(sd))
            return null;
        var token = request switch
        {
            InstallForLoad load => load.Token,
            InstallForInstall install => install.Token,
            InstallForMakeSelectable selectable => selectable.Token,
            InstallForExtradition extradition => extradition.Token,
            InstallForRegistryUpdate update => update.Token,
            _ => default,
        };
        if (request is InstallForPersonalization)
            return null; // personalization is the SD's own business, no token (C.4 defines none)
        return VerifyInstallToken(command, token.Span) ? null : Status(StatusWords.SecurityStatusNotSatisfied);
    }
}
