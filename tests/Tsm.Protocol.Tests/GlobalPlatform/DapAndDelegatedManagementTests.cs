using System.Security.Cryptography;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Protocol.Tests.GlobalPlatform;

/// <summary>
/// DAP signatures (GP 2.2.1 C.3, C.6), token data and tokens (C.4, B.3), confirmations (§11.1.6) and receipts (C.5):
/// the exact bytes each signs, laid out from the spec's tables, round trips and malformed input.
/// </summary>
public sealed class DapAndDelegatedManagementTests : IDisposable
{
    private static readonly byte[] DesKey = Hex.Parse("404142434445464748494A4B4C4D4E4F");
    private static readonly byte[] Hash = Hex.Parse("0102030405060708090A0B0C0D0E0F1011121314");
    private readonly RSA _rsa = RSA.Create(1024);

    public void Dispose() => _rsa.Dispose();

    /// <summary>ISO 9797-1 algorithm 3 worked out with the framework's DES and 3DES in ECB, independently of DesMac.</summary>
    private static byte[] IndependentRetailMac(byte[] key, byte[] data)
    {
        var padded = new byte[(data.Length / 8 + 1) * 8];
        data.CopyTo(padded, 0);
        padded[data.Length] = 0x80;
#pragma warning disable CA5351 // DES is what GP's retail MAC is made of
        using var des = DES.Create();
#pragma warning restore CA5351
        des.Key = key[..8];
        using var tdes = TripleDES.Create();
        tdes.Key = [.. key, .. key[..8]]; // K1 K2 K1: OpenSSL wants three keys
        var chain = new byte[8];
        for (var b = 0; b < padded.Length; b += 8)
        {
            var block = new byte[8];
            for (var j = 0; j < 8; j++)
                block[j] = (byte)(chain[j] ^ padded[b + j]);
            chain = b + 8 == padded.Length ? tdes.EncryptEcb(block, PaddingMode.None) : des.EncryptEcb(block, PaddingMode.None);
        }
        return chain;
    }

    [Fact]
    public void A_des_dap_is_the_retail_mac_of_the_hash_and_only_that_verifies()
    {
        var dap = DapSignature.ComputeDes(DesKey, Hash);
        Assert.Equal(IndependentRetailMac(DesKey, Hash), dap);
        Assert.True(DapSignature.VerifyDes(DesKey, Hash, dap));
        dap[7] ^= 1;
        Assert.False(DapSignature.VerifyDes(DesKey, Hash, dap));
        Assert.False(DapSignature.VerifyDes(DesKey, Hash, dap[..7]));
        Assert.Throws<ArgumentException>(() => DapSignature.ComputeDes(DesKey[..8], Hash));
        Assert.Throws<ArgumentException>(() => DapSignature.ComputeDes(DesKey, Hash[..19]));
    }

    [Fact]
    public void An_rsa_dap_signs_the_sha1_of_the_hash_and_another_key_does_not_verify()
    {
        var dap = DapSignature.SignRsa(_rsa, Hash);
        Assert.Equal(128, dap.Length);
        // C.6.1: a hash of the hash value, PKCS#1 v1.5.
        Assert.True(_rsa.VerifyHash(SHA1.HashData(Hash), dap, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1));
        Assert.True(DapSignature.VerifyRsa(_rsa, Hash, dap));
        using var other = RSA.Create(1024);
        Assert.False(DapSignature.VerifyRsa(other, Hash, dap));
        Assert.False(DapSignature.VerifyRsa(_rsa, Hash, dap[..100]));
    }

    [Fact]
    public void The_load_token_signs_p1_p2_lc_before_the_token_and_the_fields_of_table_c3()
    {
        var unsigned = InstallCommand.ForLoad(Aid.Parse("A000000001"), Aid.Parse("A000000151535344"), Hash, Hex.Parse("EF04C6020400")).ToApdu();
        var data = TokenData.FromCommand(unsigned);
        // P1 02, P2 00, Lc with the empty token's 00 (0x2C), then the fields without the token length.
        var expected = Hex.Parse("02002C" + "05A000000001" + "08A000000151535344" + "14" + Hex.Format(Hash) + "06EF04C6020400");
        Assert.Equal(expected, data.Signed.ToArray());
        Assert.True(data.Token.IsEmpty);

        var token = DelegatedToken.Sign(_rsa, unsigned);
        var signedCommand = DelegatedToken.Attach(unsigned, token);
        var parsed = (InstallForLoad)InstallCommand.Parse(signedCommand);
        Assert.Equal(token, parsed.Token.ToArray());
        Assert.Equal(expected, TokenData.FromCommand(signedCommand).Signed.ToArray());
        Assert.True(DelegatedToken.Verify(_rsa, signedCommand));
    }

    [Fact]
    public void An_install_token_does_not_cover_another_instance_or_other_privileges()
    {
        ByteString Build(string instance, Privileges privileges, ByteString token = default) =>
            new(InstallCommand.ForInstall(Aid.Parse("A000000001"), Aid.Parse("A00000000101"), Aid.Parse(instance), privileges, Hex.Parse("C900"), token).ToApdu().ToArray());
        var unsigned = CommandApdu.Parse(Build("A0000000010101", Privileges.None).Span);
        var token = DelegatedToken.Sign(_rsa, unsigned);
        Assert.True(DelegatedToken.Verify(_rsa, CommandApdu.Parse(Build("A0000000010101", Privileges.None, token).Span)));
        Assert.False(DelegatedToken.Verify(_rsa, CommandApdu.Parse(Build("A0000000010102", Privileges.None, token).Span)));
        Assert.False(DelegatedToken.Verify(_rsa, CommandApdu.Parse(Build("A0000000010101", Privileges.CardReset, token).Span)));
        Assert.False(DelegatedToken.Verify(_rsa, unsigned)); // no token at all
    }

    [Fact]
    public void The_delete_token_signs_the_data_before_9e_and_rides_last_in_the_command()
    {
        var unsigned = DeleteCommand.ForObject(Aid.Parse("A000000001"), deleteRelated: true).ToApdu();
        var data = TokenData.FromCommand(unsigned);
        Assert.Equal(Hex.Parse("0080" + "07" + "4F05A000000001"), data.Signed.ToArray());
        var token = DelegatedToken.Sign(_rsa, unsigned);
        var signedCommand = DelegatedToken.Attach(unsigned, token);
        Assert.Equal(Hex.Format(unsigned.Data.Span) + "9E8180" + Hex.Format(token), Hex.Format(signedCommand.Data.Span));
        Assert.Equal(new ByteString(token), DeleteCommand.Parse(signedCommand).Token);
        Assert.True(DelegatedToken.Verify(_rsa, signedCommand));
        var otherAid = DelegatedToken.Attach(DeleteCommand.ForObject(Aid.Parse("A000000002"), deleteRelated: true).ToApdu(), token);
        Assert.False(DelegatedToken.Verify(_rsa, otherAid));
    }

    [Theory]
    [InlineData("80E2900003010203")] // STORE DATA: no token
    [InlineData("80E4000006D00101D20130")] // DELETE [key]
    [InlineData("80E620000D0000 07A0000000031010 000000")] // INSTALL [for personalization] has no token
    [InlineData("80E6020006 05A000000001")] // truncated INSTALL [for load]
    public void Commands_without_a_token_place_are_refused(string hex)
    {
        var command = CommandApdu.Parse(Hex.Parse(hex.Replace(" ", "", StringComparison.Ordinal)));
        Assert.Throws<GpFormatException>(() => TokenData.FromCommand(command));
    }

    [Fact]
    public void A_token_is_attached_once()
    {
        var unsigned = InstallCommand.ForMakeSelectable(Aid.Parse("A0000000010101"), Privileges.None).ToApdu();
        var signedCommand = DelegatedToken.Attach(unsigned, DelegatedToken.Sign(_rsa, unsigned));
        Assert.Throws<GpFormatException>(() => DelegatedToken.Attach(signedCommand, [1, 2, 3]));
        Assert.Throws<GpFormatException>(() => DelegatedToken.Sign(_rsa, signedCommand));
        Assert.Throws<ArgumentException>(() => DelegatedToken.Attach(unsigned, []));
    }

    [Theory]
    [InlineData(0, "", "", "020000" + "024201")]
    [InlineData(0x1234, "7F", "", "021234" + "024201" + "017F")]
    [InlineData(0xFFFF, "", "AABB", "02FFFF" + "024201" + "00" + "02AABB")]
    public void Confirmation_data_round_trips_as_table_11_14_lays_it_out(int counter, string tokenId, string digest, string expected)
    {
        var data = new ConfirmationData((ushort)counter, Hex.Parse("4201"), Hex.Parse(tokenId), Hex.Parse(digest));
        Assert.Equal(expected, Hex.Format(data.ToArray()));
        Assert.Equal(data, ConfirmationData.Parse(data.ToArray()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("03000000024201")] // a 3-byte counter
    [InlineData("0200000242")] // truncated SD unique data
    [InlineData("02000000")] // empty SD unique data
    [InlineData("020000024201" + "0101" + "0102" + "00")] // trailing byte
    public void Malformed_confirmation_data_is_a_format_error(string hex) =>
        Assert.Throws<GpFormatException>(() => ConfirmationData.Parse(Hex.Parse(hex)));

    [Fact]
    public void A_confirmation_response_round_trips_and_a_single_00_carries_none()
    {
        Assert.Null(Confirmation.ParseResponse([0x00]));
        var confirmation = new Confirmation(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, new ConfirmationData(7, Hex.Parse("42014501")));
        var response = confirmation.ToResponseData();
        Assert.Equal("11" + "08" + "0102030405060708" + "020007" + "0442014501", Hex.Format(response));
        Assert.Equal(confirmation, Confirmation.ParseResponse(response));
        var noReceipt = new Confirmation(default, new ConfirmationData(7, Hex.Parse("42")));
        Assert.Equal(noReceipt, Confirmation.ParseResponse(noReceipt.ToResponseData()));
        for (var cut = 1; cut < response.Length; cut++)
            Assert.Throws<GpFormatException>(() => Confirmation.ParseResponse(response.AsSpan(0, cut)));
        Assert.Throws<GpFormatException>(() => Confirmation.ParseResponse([.. response, 0x00]));
        Assert.Throws<GpFormatException>(() => Confirmation.ParseResponse([]));
    }

    [Fact]
    public void Receipt_data_follow_tables_c10_to_c14_and_des_receipts_are_retail_macs()
    {
        var confirmation = new ConfirmationData(1, Hex.Parse("42014501"));
        var elf = Aid.Parse("A000000001");
        var sd = Aid.Parse("A000000151535344");
        var instance = Aid.Parse("A0000000010101");
        const string Prefix = "020001" + "0442014501";
        Assert.Equal(Prefix + "05A000000001" + "08A000000151535344", Hex.Format(ReceiptData.Load(confirmation, elf, sd)));
        Assert.Equal(Prefix + "05A000000001" + "07A0000000010101", Hex.Format(ReceiptData.Install(confirmation, elf, instance)));
        Assert.Equal(Prefix + "07A000000151000008A00000015153534407A0000000010101", Hex.Format(ReceiptData.Extradition(confirmation, Aid.Parse("A0000001510000"), sd, instance)));
        Assert.Equal(Prefix + "05A000000001", Hex.Format(ReceiptData.Delete(confirmation, elf)));
        Assert.Equal(Prefix + "00" + "07A0000000010101" + "00" + "0100" + "00", Hex.Format(ReceiptData.RegistryUpdate(confirmation, null, instance, null, [0x00], [])));

        var data = ReceiptData.Delete(confirmation, elf);
        var receipt = Receipt.ComputeDes(DesKey, data);
        Assert.Equal(IndependentRetailMac(DesKey, data), receipt);
        Assert.True(Receipt.VerifyDes(DesKey, data, receipt));
        Assert.False(Receipt.VerifyDes(DesKey, ReceiptData.Delete(confirmation with { Counter = 2 }, elf), receipt));
        var rsaReceipt = Receipt.SignRsa(_rsa, data);
        Assert.True(Receipt.VerifyRsa(_rsa, data, rsaReceipt));
        Assert.False(Receipt.VerifyRsa(_rsa, ReceiptData.Delete(confirmation, sd), rsaReceipt));
    }
}
