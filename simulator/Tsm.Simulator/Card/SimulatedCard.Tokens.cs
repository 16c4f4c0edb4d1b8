using System.Security.Cryptography;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Tlv;

namespace Tsm.Simulator.Card;

// Delegated management tokens and receipts (GP 2.2.1 §9.2.2, §11.1.6, Appendix C.4, C.5, B.3).
public sealed partial class SimulatedCard
{
    /// <summary>
    /// An SD acting under Delegated Management (not the ISD, no Authorized Management) needs a token for every card
    /// content management command: an RSA PKCS#1 v1.5 SHA-1 signature, by the Token key holder, of P1, P2, the data
    /// length without the token, and the data without the token (C.4.1–C.4.6; <see cref="TokenData"/>).
    /// </summary>
    private bool NeedsToken(ApplicationRecord sd) =>
        !IsIsd(sd) && !PrivilegesOf(sd).Has(Privileges.AuthorizedManagement) && PrivilegesOf(sd).Has(Privileges.DelegatedManagement);

    /// <summary>Checks the token of an INSTALL or DELETE as received; without a Token key nothing verifies (C.1.1.1).</summary>
    private bool VerifyToken(CommandApdu command)
    {
        if (_image.TokenVerificationKey is not { } key)
            return false;
        TokenData data;
        try
        {
            data = TokenData.FromCommand(command);
        }
        catch (GpFormatException)
        {
            return false;
        }
        if (data.Token.IsEmpty)
            return false;
        using var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters { Modulus = Hex.Parse(key.Modulus), Exponent = Hex.Parse(key.Exponent) });
        return DelegatedToken.Verify(rsa, data.Signed.Span, data.Token.Span);
    }

    /// <summary>The token check for an INSTALL variant; null when it passes or is not needed.</summary>
    private ResponseApdu? CheckInstallToken(ApplicationRecord sd, CommandApdu command, InstallCommand request)
    {
        if (!NeedsToken(sd) || request is InstallForPersonalization)
            return null; // personalization is the SD's own business, no token (C.4 defines none)
        if (!VerifyToken(command))
            return Status(StatusWords.SecurityStatusNotSatisfied);
        return ReceiptsExhausted() ? Status(StatusWords.ConditionsNotSatisfied) : null;
    }

    /// <summary>Once the Confirmation Counter has reached its maximum it is not reset (C.5): delegated work stops.</summary>
    private bool ReceiptsExhausted() => _image.ReceiptKey is not null && _image.ConfirmationCounter == ushort.MaxValue;

    /// <summary>
    /// A successful delegated operation's answer: the confirmation (§11.1.6) with the receipt over the data of table
    /// C-10 to C-14 that <paramref name="receiptData"/> builds, under the ISD's Receipt key; a single 00 when the card
    /// gives no receipts. The Confirmation Data carry the counter and the ISD's 42 and 45 values.
    /// </summary>
    private ResponseApdu Confirm(ApplicationRecord sd, ResponseApdu done, Func<ConfirmationData, byte[]> receiptData, ByteString tokenIdentifier = default)
    {
        if (done.StatusWord != StatusWords.Success || !NeedsToken(sd) || _image.ReceiptKey is not { } keyHex)
            return done;
        var confirmation = new ConfirmationData(_image.ConfirmationCounter, Hex.Parse(_image.Iin + _image.Cin), tokenIdentifier);
        var key = Hex.Parse(keyHex);
        byte[] receipt;
        try
        {
            receipt = Receipt.ComputeDes(key, receiptData(confirmation));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
        _image.ConfirmationCounter++;
        MarkChanged();
        return new ResponseApdu(new Confirmation(receipt, confirmation).ToResponseData(), StatusWords.Success);
    }

    /// <summary>
    /// The Token identifier (tag 93) of a DELETE's control reference template for digital signature (B6, table 11-22),
    /// which the confirmation repeats (table 11-14); empty when the token has none.
    /// </summary>
    private static ByteString TokenIdentifierOf(DeleteCommand request)
    {
        var reader = new BerTlvReader(request.ControlReferenceTemplate.Span);
        try
        {
            while (reader.TryRead(out var header, out var value))
            {
                if (header.Tag.Value == 0x93)
                    return new ByteString(value);
            }
        }
        catch (TlvFormatException)
        {
            return default;
        }
        return default;
    }
}
