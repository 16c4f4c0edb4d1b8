using System.Security.Cryptography;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Simulator.Card;

namespace Tsm.Simulator.Tests.Card;

/// <summary>
/// A CMS2AC mode-3 SD (DAP Verification privilege) and an SD with Mandated DAP verify the DAP block of every load file
/// associated with them (GP 2.2.1 §9.2.1, C.3, C.6): DES (retail MAC of the hash) or RSA (PKCS#1 SHA-1 of the hash).
/// A missing block or a wrong signature ends the load with 6982 and leaves nothing behind (§9.3.5).
/// </summary>
public sealed class DapVerificationTests : IDisposable
{
    private const string Ssd = "A000000151535344";
    private static readonly byte[] DapKey = Hex.Parse("11223344556677889900AABBCCDDEEFF");
    private readonly RSA _rsa = RSA.Create(1024);

    public void Dispose() => _rsa.Dispose();

    private static SimulatedCard CardWithDapSd(Action<SecurityDomainRecord> keys)
    {
        var card = CardKit.NewCard();
        using (var isd = HostSession.Open(card))
            isd.Ok(CardKit.InstallSsd(Ssd, new Cms2acSdParameters(null, 0x01, 0x02, 0x15, null, null, null), Privileges.DapVerification));
        keys(card.Image.Applications.Single(a => a.Aid == Ssd).SecurityDomain!);
        return card;
    }

    /// <summary>The ISD loads into the SSD with the given DAP blocks; the last LOAD's status word.</summary>
    private static StatusWord LoadIntoSsd(SimulatedCard card, Func<byte[], IEnumerable<DapBlock>> daps)
    {
        var cap = CapFiles.Read(CapFiles.Empty);
        var block = cap.LoadFileDataBlock.Bytes.ToArray();
        var hash = DapSignature.HashOf(block);
        using var isd = HostSession.Open(card);
        isd.Ok(InstallCommand.ForLoad(Aid.Parse(cap.PackageAid), Aid.Parse(Ssd), hash).ToApdu());
        var loads = LoadFileBuilder.BuildCommands(block, daps(hash));
        for (var i = 0; i < loads.Count - 1; i++)
            isd.Ok(loads[i].ToApdu());
        return isd.Send(loads[^1].ToApdu()).StatusWord;
    }

    private static bool Loaded(SimulatedCard card) => card.Image.LoadFiles.Any(f => f.Aid == CapFiles.Read(CapFiles.Empty).PackageAid && f.AssociatedSd == Ssd);

    [Fact]
    public void A_des_dap_under_the_sds_dap_key_lets_the_load_through()
    {
        using var card = CardWithDapSd(sd => sd.DapKey = Hex.Format(DapKey));
        Assert.Equal(StatusWords.Success, LoadIntoSsd(card, hash => [new DapBlock(Aid.Parse(Ssd), DapSignature.ComputeDes(DapKey, hash))]));
        Assert.True(Loaded(card));
    }

    [Fact]
    public void Without_a_dap_block_for_the_sd_or_with_a_wrong_one_the_load_fails_with_6982_and_leaves_nothing()
    {
        using var card = CardWithDapSd(sd => sd.DapKey = Hex.Format(DapKey));
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, LoadIntoSsd(card, _ => []));
        Assert.False(Loaded(card));
        Assert.Null(card.Image.PendingLoad);
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, LoadIntoSsd(card, hash => [new DapBlock(Aid.Parse(Ssd), DapSignature.ComputeDes(CardKit.TestKey, hash))]));
        // A block signed right but naming another SD does not count for this one.
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, LoadIntoSsd(card, hash => [new DapBlock(Aid.Parse("A000000151535345"), DapSignature.ComputeDes(DapKey, hash))]));
        Assert.False(Loaded(card));
        Assert.Null(card.Image.PendingLoad);
    }

    [Fact]
    public void An_rsa_dap_key_verifies_pkcs1_sha1_signatures_of_the_hash_and_refuses_des_ones()
    {
        var key = _rsa.ExportParameters(false);
        using var card = CardWithDapSd(sd => sd.DapRsaKey = new RsaPublicKeyRecord { Modulus = Hex.Format(key.Modulus), Exponent = Hex.Format(key.Exponent) });
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, LoadIntoSsd(card, hash => [new DapBlock(Aid.Parse(Ssd), DapSignature.ComputeDes(DapKey, hash))]));
        using (var other = RSA.Create(1024))
            Assert.Equal(StatusWords.SecurityStatusNotSatisfied, LoadIntoSsd(card, hash => [new DapBlock(Aid.Parse(Ssd), DapSignature.SignRsa(other, hash))]));
        Assert.Equal(StatusWords.Success, LoadIntoSsd(card, hash => [new DapBlock(Aid.Parse(Ssd), DapSignature.SignRsa(_rsa, hash))]));
        Assert.True(Loaded(card));
    }

    [Fact]
    public void An_sd_with_mandated_dap_checks_every_load_even_into_the_isd()
    {
        using var card = CardWithDapSd(sd => sd.DapKey = Hex.Format(DapKey));
        // A controlling authority's SD holds Mandated DAP from issuance (the card refuses to grant it by INSTALL).
        card.Image.Applications.Single(a => a.Aid == Ssd).Privileges = Hex.Format((Privileges.SecurityDomain | Privileges.MandatedDap).ToArray());
        var cap = CapFiles.Read(CapFiles.Empty);
        using (var isd = HostSession.Open(card))
        {
            isd.Ok(InstallCommand.ForLoad(Aid.Parse(cap.PackageAid)).ToApdu());
            var loads = LoadFileBuilder.BuildCommands(cap.LoadFileDataBlock.Bytes.ToArray());
            for (var i = 0; i < loads.Count - 1; i++)
                isd.Ok(loads[i].ToApdu());
            Assert.Equal(StatusWords.SecurityStatusNotSatisfied, isd.Send(loads[^1].ToApdu()).StatusWord);
        }
        Assert.DoesNotContain(card.Image.LoadFiles, f => f.Aid == cap.PackageAid);
        using (var isd = HostSession.Open(card))
        {
            var block = cap.LoadFileDataBlock.Bytes.ToArray();
            isd.Ok(InstallCommand.ForLoad(Aid.Parse(cap.PackageAid)).ToApdu());
            var loads = LoadFileBuilder.BuildCommands(block, [new DapBlock(Aid.Parse(Ssd), DapSignature.ComputeDes(DapKey, DapSignature.HashOf(block)))]);
            foreach (var load in loads)
                isd.Ok(load.ToApdu());
        }
        Assert.Contains(card.Image.LoadFiles, f => f.Aid == cap.PackageAid);
    }
}
