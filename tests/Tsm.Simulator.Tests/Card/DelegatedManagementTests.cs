using System.Security.Cryptography;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Simulator.Card;

namespace Tsm.Simulator.Tests.Card;

/// <summary>
/// A CMS2AC mode-4 (token / delegated management) SD manages its own content only with tokens signed by the
/// Token Verification key holder (GP 2.2.1 §9.2.2, Appendix C.4): RSA PKCS#1 v1.5 SHA-1 over P1 P2 Lc' data'.
/// </summary>
public sealed class DelegatedManagementTests : IDisposable
{
    private const string Ssd = "A000000151535344";
    private readonly RSA _tokenKey = RSA.Create(1024);

    public void Dispose() => _tokenKey.Dispose();

    private SimulatedCard CardWithDelegatedSd()
    {
        var card = CardKit.NewCard();
        var parameters = _tokenKey.ExportParameters(false);
        card.Image.TokenVerificationKey = new RsaPublicKeyRecord { Modulus = Hex.Format(parameters.Modulus), Exponent = Hex.Format(parameters.Exponent) };
        using var isd = HostSession.Open(card);
        isd.Ok(CardKit.InstallSsd(Ssd, new Cms2acSdParameters(null, 0x01, 0x02, 0x15, null, null, null), Privileges.DelegatedManagement));
        return card;
    }

    /// <summary>The command with its token: built first with an empty token, signed, then rebuilt with the signature.</summary>
    private CommandApdu WithInstallToken(Func<ByteString, CommandApdu> build)
    {
        var unsigned = build(default);
        var data = unsigned.Data.Span;
        byte[] signed = [unsigned.P1, unsigned.P2, (byte)data.Length, .. data[..^1]];
        return build(_tokenKey.SignData(signed, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1));
    }

    private CommandApdu DeleteWithToken(Aid aid)
    {
        var unsigned = DeleteCommand.ForObject(aid, deleteRelated: true).ToApdu();
        byte[] signed = [unsigned.P1, unsigned.P2, (byte)unsigned.Data.Length, .. unsigned.Data.Span];
        return DeleteCommand.ForObject(aid, deleteRelated: true, token: _tokenKey.SignData(signed, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1)).ToApdu();
    }

    [Fact]
    public void With_tokens_the_delegated_sd_loads_installs_and_deletes_its_content()
    {
        using var card = CardWithDelegatedSd();
        var cap = CapFiles.Read(CapFiles.Empty);
        using var ssd = HostSession.Open(card, sdAid: Ssd);
        var lfAid = Aid.Parse(cap.PackageAid);
        var block = cap.LoadFileDataBlock.Bytes.ToArray();
        ByteString hash = SHA1.HashData(block);
        ssd.Ok(WithInstallToken(token => InstallCommand.ForLoad(lfAid, null, hash, default, token).ToApdu()));
        foreach (var load in LoadFileBuilder.BuildCommands(block))
            ssd.Ok(load.ToApdu());
        ssd.Ok(WithInstallToken(token => InstallCommand.ForInstall(lfAid, Aid.Parse(cap.AppletAids[0]), Aid.Parse("0102030405060709"), Privileges.None, InstallParameters.Empty.ToArray(), token).ToApdu()));
        Assert.Contains(card.Image.Applications, a => a.Aid == "0102030405060709" && a.AssociatedSd == Ssd);

        ssd.Ok(DeleteWithToken(lfAid));
        Assert.DoesNotContain(card.Image.LoadFiles, f => f.Aid == cap.PackageAid);
    }

    [Fact]
    public void Without_a_token_or_with_a_forged_one_the_delegated_sd_is_refused_and_nothing_changes()
    {
        using var card = CardWithDelegatedSd();
        var cap = CapFiles.Read(CapFiles.Empty);
        var before = CardStateFile.Serialize(card.Image);
        using var ssd = HostSession.Open(card, sdAid: Ssd);
        var lfAid = Aid.Parse(cap.PackageAid);
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, ssd.Send(InstallCommand.ForLoad(lfAid).ToApdu()).StatusWord);
        using var ssd2 = HostSession.Open(card, sdAid: Ssd);
        using var other = RSA.Create(1024);
        var forged = InstallCommand.ForLoad(lfAid, null, default, default, other.SignData(new byte[] { 1, 2, 3 }, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1)).ToApdu();
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, ssd2.Send(forged).StatusWord);
        Assert.Null(card.Image.PendingLoad);
        // Only the sequence counter of the SSD's key set moved.
        var after = CardStateFile.Deserialize(CardStateFile.Serialize(card.Image));
        var reference = CardStateFile.Deserialize(before);
        after.Applications.Single(a => a.Aid == Ssd).SecurityDomain!.KeySets[0].SequenceCounter = reference.Applications.Single(a => a.Aid == Ssd).SecurityDomain!.KeySets[0].SequenceCounter;
        Assert.Equal(CardStateFile.Serialize(reference), CardStateFile.Serialize(after));
    }

    [Fact]
    public void A_card_without_a_token_key_refuses_delegated_management()
    {
        using var card = CardWithDelegatedSd();
        card.Image.TokenVerificationKey = null;
        using var ssd = HostSession.Open(card, sdAid: Ssd);
        var cap = CapFiles.Read(CapFiles.Empty);
        var command = WithInstallToken(token => InstallCommand.ForLoad(Aid.Parse(cap.PackageAid), null, default, default, token).ToApdu());
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, ssd.Send(command).StatusWord);
    }

    [Fact]
    public void The_isd_and_authorized_management_sds_need_no_token()
    {
        using var card = CardWithDelegatedSd();
        using var isd = HostSession.Open(card);
        isd.Ok(InstallCommand.ForLoad(Aid.Parse("0102030405")).ToApdu());
        Assert.NotNull(card.Image.PendingLoad);
    }
}
