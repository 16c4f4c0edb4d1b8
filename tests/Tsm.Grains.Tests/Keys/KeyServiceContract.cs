using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tsm.Grains.Keys;
using Tsm.Protocol;
using Tsm.Protocol.Crypto;
using Tsm.Protocol.Scp02;

namespace Tsm.Grains.Tests.Keys;

/// <summary>
/// What every <see cref="IKeyService"/> must do (docs/key-service.md), run against the software implementation and the
/// PKCS#11 one on SoftHSM2: the expected values are computed here from the plain test keys, not by either service.
/// </summary>
public abstract class KeyServiceContract
{
    /// <summary>The service under test, or null when it cannot run here (<see cref="SkipReason"/>).</summary>
    protected abstract IKeyService? Service { get; }

    protected abstract string? SkipReason { get; }

    private IKeyService Keys
    {
        get
        {
            Skip.If(SkipReason is not null, SkipReason);
            return Service!;
        }
    }

    [SkippableTheory]
    [InlineData(DiversificationMethod.Emv)]
    [InlineData(DiversificationMethod.Visa2)]
    public void IsdKeys_are_the_master_key_diversified_with_the_cards_data(DiversificationMethod method)
    {
        var batch = method == DiversificationMethod.Emv ? TestKeys.EmvBatch : TestKeys.Visa2Batch;
        using var expected = KeyDiversification.Diversify(method, Hex.Parse(TestKeys.EmvMaster), TestKeys.Kdd, 0x01);

        using var keys = Keys.IsdKeys(batch, TestKeys.Kdd, 0x01);

        Assert.Equal(0x01, keys.Version);
        // DES ignores parity bits (an HSM sets them): a key is the same key when it gives the same ciphertext.
        Assert.Equal(Kcv(expected.Enc), Kcv(keys.Enc));
        Assert.Equal(Kcv(expected.Mac), Kcv(keys.Mac));
        Assert.Equal(Kcv(expected.Dek), Kcv(keys.Dek));
        Assert.Equal(Clear(expected.Enc), Clear(keys.Enc));
        Assert.NotEqual(Kcv(keys.Enc), Kcv(keys.Mac));
    }

    [SkippableFact]
    public void IsdKeys_open_a_secure_channel_with_a_card_holding_the_diversified_keys()
    {
        using var cardKeys = KeyDiversification.Diversify(DiversificationMethod.Emv, Hex.Parse(TestKeys.EmvMaster), TestKeys.Kdd, 0x01);
        using var keys = Keys.IsdKeys(TestKeys.EmvBatch, TestKeys.Kdd, 0x01);

        var (host, card) = TestKeys.OpenSession(keys, cardKeys);
        using (host)
        using (card)
            Assert.True(host.IsOpen);
    }

    [SkippableFact]
    public void IsdKeys_of_an_undiversified_batch_are_its_key()
    {
        using var keys = Keys.IsdKeys(TestKeys.UndiversifiedBatch, TestKeys.Kdd, 0x20);

        Assert.Equal(0x20, keys.Version);
        Assert.Equal(Clear(Hex.Parse(TestKeys.GpTestKey)), Clear(keys.Enc));
        Assert.Equal(Clear(keys.Enc), Clear(keys.Dek));
    }

    [SkippableFact]
    public void IsdKeys_of_an_unknown_master_key_are_refused_by_reference()
    {
        var batch = TestKeys.EmvBatch with { Id = "other", MasterKeyRef = "not-there" };

        var refused = Assert.Throws<KeyServiceException>(() => Keys.IsdKeys(batch, TestKeys.Kdd, 0x01));

        Assert.Contains("not-there", refused.Message, StringComparison.Ordinal);
        Assert.False(Keys.HasMasterKey("not-there"));
        Assert.True(Keys.HasMasterKey("EMV-MASTER"));
    }

    [SkippableFact]
    public void A_registration_token_is_the_storage_keys_hmac_of_seid_and_date()
    {
        var expected = HMACSHA256.HashData(Hex.Parse(TestKeys.StorageKey), Encoding.ASCII.GetBytes("token|86000000000000000001|20261207"))[..16];

        Assert.Equal(expected, Keys.DeriveToken("86000000000000000001", new DateOnly(2026, 12, 7)));
        Assert.NotEqual(expected, Keys.DeriveToken("86000000000000000001", new DateOnly(2026, 12, 8)));
    }

    [SkippableFact]
    public void Protected_secrets_round_trip_and_a_tampered_one_is_refused()
    {
        var secret = Hex.Parse("00112233445566778899");
        var sealedValue = Keys.Protect(secret);

        Assert.StartsWith("v1:", sealedValue, StringComparison.Ordinal);
        Assert.Equal(secret, Keys.Unprotect(sealedValue));
        Assert.Equal(secret, Keys.Unprotect(TestKeys.Protect("00112233445566778899")));
        var parts = sealedValue.Split(':');
        var tampered = $"v1:{parts[1]}:{(parts[2][0] == 'A' ? 'B' : 'A')}{parts[2][1..]}:{parts[3]}";
        Assert.Throws<KeyServiceException>(() => Keys.Unprotect(tampered));
        Assert.Throws<KeyServiceException>(() => Keys.Unprotect("v1:zz:00:00"));
        Assert.Throws<KeyServiceException>(() => Keys.Unprotect("plain"));
    }

    [SkippableFact]
    public void A_generated_key_set_opens_with_the_check_values_it_carries()
    {
        var generated = Keys.GenerateKeySet(0x31);

        using var opened = Keys.OpenKeySet(generated);

        Assert.Equal(0x31, generated.KeyVersion);
        Assert.Equal(Kcv(opened.Enc) + Kcv(opened.Mac) + Kcv(opened.Dek), generated.KeyCheckValues);
        Assert.NotEqual(Kcv(opened.Enc), Kcv(opened.Mac));
        Assert.DoesNotContain(Hex.Format(opened.Enc), generated.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(generated.ProtectedKeys, Keys.GenerateKeySet(0x31).ProtectedKeys);
    }

    [SkippableFact]
    public void A_key_under_the_providers_kek_is_checked_against_its_kcv()
    {
        var key = Hex.Parse("C1C2C3C4C5C6C7C8C9CACBCCCDCECFC0");
        var underKek = new DesCipher(Hex.Parse(TestKeys.BankKek)).EncryptEcb(key);

        Assert.True(Keys.VerifyUnderKek("bank", underKek, DesMac.KeyCheckValue(key)));
        Assert.False(Keys.VerifyUnderKek("bank", underKek, Hex.Parse("000000")));
        Assert.Throws<KeyServiceException>(() => Keys.VerifyUnderKek("nobody", underKek, DesMac.KeyCheckValue(key)));
        Assert.Throws<KeyServiceException>(() => Keys.VerifyUnderKek("bank", underKek.AsSpan(0, 5), DesMac.KeyCheckValue(key)));
    }

    [SkippableFact]
    public void Kek_to_dek_translation_gives_what_the_card_decrypts_to_the_providers_value()
    {
        var secret = Hex.Parse("C1C2C3C4C5C6C7C8C9CACBCCCDCECFC0");
        var underKek = new DesCipher(Hex.Parse(TestKeys.BankKek)).EncryptEcb(secret);
        using var cardKeys = Scp02KeySet.FromSingleKey(0x20, Hex.Parse(TestKeys.GpTestKey));
        using var keys = Keys.IsdKeys(TestKeys.UndiversifiedBatch, TestKeys.Kdd, 0x20);
        var (host, card) = TestKeys.OpenSession(keys, cardKeys);
        using (host)
        using (card)
        {
            var underDek = Keys.TranslateKekToDek("bank", underKek, host);

            Assert.Equal(secret, card.DecryptSensitive(underDek));
            Assert.Throws<KeyServiceException>(() => Keys.TranslateKekToDek("bank", underKek.AsSpan(0, 12), host));
            Assert.Throws<KeyServiceException>(() => Keys.TranslateKekToDek("nobody", underKek, host));
        }
    }

    [SkippableFact]
    public void Put_key_wrapping_gives_each_key_under_the_session_dek_with_its_kcv()
    {
        var generated = Keys.GenerateKeySet(0x32);
        using var opened = Keys.OpenKeySet(generated);
        using var cardKeys = Scp02KeySet.FromSingleKey(0x20, Hex.Parse(TestKeys.GpTestKey));
        using var keys = Keys.IsdKeys(TestKeys.UndiversifiedBatch, TestKeys.Kdd, 0x20);
        var (host, card) = TestKeys.OpenSession(keys, cardKeys);
        using (host)
        using (card)
        {
            var wrapped = Keys.WrapForPutKey(generated, host);

            Assert.Equal(3, wrapped.Count);
            Assert.Equal(Hex.Format(opened.Enc), Hex.Format(card.DecryptSensitive(wrapped[0].Encrypted)));
            Assert.Equal(Hex.Format(opened.Mac), Hex.Format(card.DecryptSensitive(wrapped[1].Encrypted)));
            Assert.Equal(Hex.Format(opened.Dek), Hex.Format(card.DecryptSensitive(wrapped[2].Encrypted)));
            Assert.Equal(generated.KeyCheckValues, string.Concat(wrapped.Select(w => Hex.Format(w.Kcv))));
        }
    }

    [SkippableFact]
    public void Data_under_the_providers_transport_key_decrypts_and_bad_padding_is_refused()
    {
        var plain = Encoding.ASCII.GetBytes("personalization data 0123");
        var tk = new DesCipher(Hex.Parse(TestKeys.BankTransport));

        Assert.Equal(plain, Keys.DecryptUnderTransportKey("bank", tk.EncryptCbc(new byte[8], DesMac.Pad(plain))));
        var refused = Assert.Throws<KeyServiceException>(() => Keys.DecryptUnderTransportKey("bank", tk.EncryptCbc(new byte[8], new byte[16])));
        Assert.DoesNotContain(TestKeys.BankTransport, refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<KeyServiceException>(() => Keys.DecryptUnderTransportKey("bank", new byte[7]));
        Assert.Throws<KeyServiceException>(() => Keys.DecryptUnderTransportKey("nobody", new byte[8]));
    }

    [SkippableFact]
    public void A_key_file_entry_imports_when_its_kcv_matches()
    {
        var key = Hex.Parse("D1D2D3D4D5D6D7D8D9DADBDCDDDEDFD0");
        var underTk = new DesCipher(Hex.Parse(TestKeys.MakerTransport)).EncryptEcb(key);

        var imported = Keys.ImportKey("maker", underTk, DesMac.KeyCheckValue(key));

        Assert.Equal(key, Keys.Unprotect(imported));
        var refused = Assert.Throws<KeyServiceException>(() => Keys.ImportKey("maker", underTk, Hex.Parse("010203")));
        Assert.DoesNotContain(Hex.Format(key), refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<KeyServiceException>(() => Keys.ImportKey("unknown", underTk, DesMac.KeyCheckValue(key)));
        Assert.Throws<KeyServiceException>(() => Keys.ImportKey("maker", underTk.AsSpan(0, 8), DesMac.KeyCheckValue(key)));
    }

    internal static string Kcv(ReadOnlySpan<byte> key) => Hex.Format(DesMac.KeyCheckValue(key));

    /// <summary>A DES key without its parity bits.</summary>
    internal static string Clear(ReadOnlySpan<byte> key) => string.Concat(key.ToArray().Select(b => ((byte)(b & 0xFE)).ToString("X2", CultureInfo.InvariantCulture)));
}
