using System.Security.Cryptography;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Cap;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Simulator.Card;

namespace Tsm.Simulator.Tests.Card;

/// <summary>
/// Receipts for delegated management (GP 2.2.1 §11.1.6, Appendix C.5): with the ISD's Receipt key the card answers a
/// delegated last LOAD, INSTALL [for install] and DELETE with a confirmation whose DES receipt covers the confirmation
/// data and the AIDs of tables C-10, C-11 and C-14; the Confirmation Counter goes up by one each time and never wraps.
/// </summary>
public sealed class DelegatedReceiptTests : IDisposable
{
    private const string Ssd = "A000000151535344";
    private const string Instance = "0102030405060709";
    private static readonly byte[] ReceiptKey = Hex.Parse("0F0E0D0C0B0A09080706050403020100");
    private readonly RSA _tokenKey = RSA.Create(1024);

    public void Dispose() => _tokenKey.Dispose();

    private SimulatedCard Card(string? receiptKey)
    {
        var card = CardKit.NewCard();
        var parameters = _tokenKey.ExportParameters(false);
        card.Image.TokenVerificationKey = new RsaPublicKeyRecord { Modulus = Hex.Format(parameters.Modulus), Exponent = Hex.Format(parameters.Exponent) };
        card.Image.ReceiptKey = receiptKey;
        using var isd = HostSession.Open(card);
        isd.Ok(CardKit.InstallSsd(Ssd, new Cms2acSdParameters(null, 0x01, 0x02, 0x15, null, null, null), Privileges.DelegatedManagement));
        return card;
    }

    private CommandApdu Signed(CommandApdu unsigned) => DelegatedToken.Attach(unsigned, DelegatedToken.Sign(_tokenKey, unsigned));

    /// <summary>Load, install and delete through the delegated SSD; the three answers' data.</summary>
    private (byte[] Load, byte[] Install, byte[] Delete) Run(SimulatedCard card, out CapFile cap)
    {
        cap = CapFiles.Read(CapFiles.Empty);
        var block = cap.LoadFileDataBlock.Bytes.ToArray();
        var elf = Aid.Parse(cap.PackageAid);
        using var ssd = HostSession.Open(card, sdAid: Ssd);
        ssd.Ok(Signed(InstallCommand.ForLoad(elf, null, DapSignature.HashOf(block)).ToApdu()));
        var loads = LoadFileBuilder.BuildCommands(block);
        for (var i = 0; i < loads.Count - 1; i++)
            ssd.Ok(loads[i].ToApdu());
        var load = ssd.Ok(loads[^1].ToApdu()).Data.ToArray();
        var install = ssd.Ok(Signed(InstallCommand.ForInstall(elf, Aid.Parse(cap.AppletAids[0]), Aid.Parse(Instance), Privileges.None, InstallParameters.Empty.ToArray()).ToApdu())).Data.ToArray();
        var delete = ssd.Ok(Signed(DeleteCommand.ForObject(elf, deleteRelated: true).ToApdu())).Data.ToArray();
        return (load, install, delete);
    }

    [Fact]
    public void Each_delegated_operation_returns_a_receipt_over_the_data_of_appendix_c5()
    {
        using var card = Card(Hex.Format(ReceiptKey));
        var (load, install, delete) = Run(card, out var cap);
        var elf = Aid.Parse(cap.PackageAid);
        var unique = Hex.Parse(card.Image.Iin + card.Image.Cin);

        var loadConfirmation = Confirmation.ParseResponse(load)!;
        Assert.Equal(0, loadConfirmation.Data.Counter);
        Assert.Equal(unique, loadConfirmation.Data.SdUniqueData.ToArray());
        Assert.True(Receipt.VerifyDes(ReceiptKey, ReceiptData.Load(loadConfirmation.Data, elf, Aid.Parse(Ssd)), loadConfirmation.Receipt.Span));

        var installConfirmation = Confirmation.ParseResponse(install)!;
        Assert.Equal(1, installConfirmation.Data.Counter);
        Assert.True(Receipt.VerifyDes(ReceiptKey, ReceiptData.Install(installConfirmation.Data, elf, Aid.Parse(Instance)), installConfirmation.Receipt.Span));

        var deleteConfirmation = Confirmation.ParseResponse(delete)!;
        Assert.Equal(2, deleteConfirmation.Data.Counter);
        Assert.True(Receipt.VerifyDes(ReceiptKey, ReceiptData.Delete(deleteConfirmation.Data, elf), deleteConfirmation.Receipt.Span));
        // A receipt proves one operation only: the delete's does not pass for another AID or another counter.
        Assert.False(Receipt.VerifyDes(ReceiptKey, ReceiptData.Delete(deleteConfirmation.Data, Aid.Parse(Instance)), deleteConfirmation.Receipt.Span));
        Assert.False(Receipt.VerifyDes(ReceiptKey, ReceiptData.Delete(loadConfirmation.Data, elf), deleteConfirmation.Receipt.Span));
        Assert.Equal(3, card.Image.ConfirmationCounter);
    }

    [Fact]
    public void Without_a_receipt_key_the_card_answers_00_and_the_isd_never_gets_receipts()
    {
        using var card = Card(null);
        var (load, install, delete) = Run(card, out _);
        Assert.All(new[] { load, install, delete }, data => Assert.Null(Confirmation.ParseResponse(data)));

        using var withKey = Card(Hex.Format(ReceiptKey));
        using var isd = HostSession.Open(withKey);
        Assert.Equal("00", Hex.Format(isd.Ok(InstallCommand.ForLoad(Aid.Parse("0102030405")).ToApdu()).Data.Span));
        Assert.Equal(0, withKey.Image.ConfirmationCounter);
    }

    [Fact]
    public void At_the_counter_maximum_delegated_operations_stop_and_the_counter_does_not_wrap()
    {
        using var card = Card(Hex.Format(ReceiptKey));
        card.Image.ConfirmationCounter = ushort.MaxValue;
        var cap = CapFiles.Read(CapFiles.Empty);
        using var ssd = HostSession.Open(card, sdAid: Ssd);
        var command = Signed(InstallCommand.ForLoad(Aid.Parse(cap.PackageAid), null, DapSignature.HashOf(cap.LoadFileDataBlock.Bytes.Span)).ToApdu());
        Assert.Equal(StatusWords.ConditionsNotSatisfied, ssd.Send(command).StatusWord);
        Assert.Null(card.Image.PendingLoad);
        Assert.Equal(ushort.MaxValue, card.Image.ConfirmationCounter);
    }

    [Fact]
    public void A_delete_tokens_identifier_comes_back_in_the_confirmation_and_the_receipt_covers_it()
    {
        using var card = Card(Hex.Format(ReceiptKey));
        var cap = CapFiles.Read(CapFiles.Empty);
        var elf = Aid.Parse(cap.PackageAid);
        using (var isd = HostSession.Open(card))
            isd.LoadFile(cap.PackageAid, cap.LoadFileDataBlock.Bytes, sdAid: Ssd);
        using var ssd = HostSession.Open(card, sdAid: Ssd);
        // B6 { 93 01 2A }: the control reference template of table 11-22 with a token identifier, signed with the rest.
        var delete = ssd.Ok(Signed(DeleteCommand.ForObject(elf, deleteRelated: true, controlReferenceTemplate: Hex.Parse("93012A")).ToApdu()));
        var confirmation = Confirmation.ParseResponse(delete.Data.Span)!;
        Assert.Equal("2A", Hex.Format(confirmation.Data.TokenIdentifier.Span));
        Assert.True(Receipt.VerifyDes(ReceiptKey, ReceiptData.Delete(confirmation.Data, elf), confirmation.Receipt.Span));
        Assert.False(Receipt.VerifyDes(ReceiptKey, ReceiptData.Delete(confirmation.Data with { TokenIdentifier = default }, elf), confirmation.Receipt.Span));
    }
}
