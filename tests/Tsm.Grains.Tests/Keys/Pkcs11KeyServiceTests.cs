using Net.Pkcs11Interop.Common;
using Tsm.Grains.Keys;
using Tsm.Grains.Keys.Pkcs11;
using Tsm.Protocol;
using Tsm.Testing;

namespace Tsm.Grains.Tests.Keys;

/// <summary>What only the PKCS#11 key service does: keys imported into the token once, kept there, and refused when they differ.</summary>
public sealed class Pkcs11KeyServiceTests
{
    private static string Prefix()
    {
        Skip.IfNot(SoftHsm.Shared.IsAvailable, SoftHsm.Shared.SkipReason);
        return SoftHsm.NewPrefix();
    }

    [SkippableFact]
    public void The_import_of_the_configured_keys_is_idempotent()
    {
        var prefix = Prefix();
        using (var first = new Pkcs11KeyService(TestKeys.Pkcs11Options(prefix)))
            Assert.Equal(new Pkcs11ImportResult(6, 0), first.LastImport); // the storage key, 2 master keys, 1 transport key, TK and KEK

        using var second = new Pkcs11KeyService(TestKeys.Pkcs11Options(prefix));

        Assert.Equal(new Pkcs11ImportResult(0, 6), second.LastImport);
        Assert.True(second.HasMasterKey("emv-master"));
    }

    [SkippableFact]
    public void A_service_that_does_not_import_uses_the_keys_already_in_the_token()
    {
        var prefix = Prefix();
        using (new Pkcs11KeyService(TestKeys.Pkcs11Options(prefix)))
        {
        }

        using var service = new Pkcs11KeyService(TestKeys.Pkcs11Options(prefix, import: false));

        Assert.Null(service.LastImport);
        using var keys = service.IsdKeys(TestKeys.EmvBatch, TestKeys.Kdd, 0x01);
        Assert.Equal(0x01, keys.Version);
    }

    [SkippableFact]
    public void A_token_without_the_storage_key_is_refused_at_start()
    {
        var refused = Assert.Throws<KeyServiceException>(() => new Pkcs11KeyService(TestKeys.Pkcs11Options(Prefix(), import: false)));

        Assert.Contains("no storage key", refused.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_configured_key_that_differs_from_the_tokens_is_refused_not_replaced()
    {
        var prefix = Prefix();
        using (new Pkcs11KeyService(TestKeys.Pkcs11Options(prefix)))
        {
        }

        var refused = Assert.Throws<KeyServiceException>(() => new Pkcs11KeyService(TestKeys.Pkcs11Options(prefix, emvMaster: "00112233445566778899AABBCCDDEEFF")));

        Assert.Contains(prefix + ":master:emv-master", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("00112233445566778899AABBCCDDEEFF", refused.Message, StringComparison.OrdinalIgnoreCase);
        using var kept = new Pkcs11KeyService(TestKeys.Pkcs11Options(prefix, import: false));
        using var keys = kept.IsdKeys(TestKeys.EmvBatch, TestKeys.Kdd, 0x01);
        Assert.Equal(KeyServiceContract.Kcv(Tsm.Protocol.Scp02.KeyDiversification.Diversify(Tsm.Protocol.Scp02.DiversificationMethod.Emv, Hex.Parse(TestKeys.EmvMaster), TestKeys.Kdd).Enc), KeyServiceContract.Kcv(keys.Enc));
    }

    [SkippableFact]
    public void Master_transport_and_provider_keys_cannot_be_read_from_the_token()
    {
        var options = TestKeys.Pkcs11Options(Prefix());
        using var service = new Pkcs11KeyService(options);
        using var token = Pkcs11Token.Open(options.Pkcs11);

        foreach (var label in new[] { token.Label("master", "emv-master"), token.Label("transport", "maker"), token.Label("provider", "bank:kek"),
            token.Label("provider", "bank:tk"), token.Label("storage", "aes"), token.Label("storage", "hmac") })
        {
            var value = token.Run("reading " + label, s => s.GetAttributeValue(token.Find(s, label)!, [CKA.CKA_VALUE, CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE]));
            Assert.True(value[0].CannotBeRead, label);
            Assert.True(value[1].GetValueAsBool(), label);
            Assert.False(value[2].GetValueAsBool(), label);
        }
    }

    [SkippableFact]
    public void An_undiversified_batch_whose_key_is_sensitive_is_refused_with_the_reason()
    {
        var options = TestKeys.Pkcs11Options(Prefix());
        options.Pkcs11.UndiversifiedKeys = [];
        using var service = new Pkcs11KeyService(options);

        var refused = Assert.Throws<KeyServiceException>(() => service.IsdKeys(TestKeys.UndiversifiedBatch, TestKeys.Kdd, 0x20));

        Assert.Contains("UndiversifiedKeys", refused.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void What_one_implementation_protects_the_other_opens()
    {
        using var hsm = new Pkcs11KeyService(TestKeys.Pkcs11Options(Prefix()));
        var software = TestKeys.Software();
        var secret = Hex.Parse("0102030405060708090A0B0C0D0E0F10");

        Assert.Equal(secret, software.Unprotect(hsm.Protect(secret)));
        Assert.Equal(secret, hsm.Unprotect(software.Protect(secret)));
        var generated = hsm.GenerateKeySet(0x40);
        using var opened = software.OpenKeySet(generated);
        Assert.Equal(generated.KeyCheckValues, KeyServiceContract.Kcv(opened.Enc) + KeyServiceContract.Kcv(opened.Mac) + KeyServiceContract.Kcv(opened.Dek));
    }

    [SkippableFact]
    public void A_wrong_pin_is_refused_without_being_shown()
    {
        var options = TestKeys.Pkcs11Options(Prefix());
        options.Pkcs11.Pin = "wrong-pin-7319";
        options.Pkcs11.TokenLabel = SoftHsm.Shared.IdleTokenLabel;

        var refused = Assert.Throws<KeyServiceException>(() => new Pkcs11KeyService(options));

        Assert.Contains("CKR_PIN_INCORRECT", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pin-7319", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pin-7319", options.Pkcs11.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_name_every_problem_and_never_the_pin()
    {
        var options = new Pkcs11Options { Library = "/nowhere/libpkcs11.so", Pin = "1234", PinFile = "/etc/pin", LabelPrefix = "a:b" };

        var problems = options.Problems();

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.Contains("/nowhere/libpkcs11.so does not exist", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("TokenLabel", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("exactly one of", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("LabelPrefix", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("1234", StringComparison.Ordinal));
        Assert.Throws<KeyServiceException>(() => Pkcs11Token.Open(options));
    }

    [Fact]
    public void A_pin_file_other_users_may_read_is_refused()
    {
        if (OperatingSystem.IsWindows())
            return;
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "1234\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
            var options = new Pkcs11Options { PinFile = path };
            Assert.Contains("every user", Assert.Throws<KeyServiceException>(options.ReadPin).Message, StringComparison.Ordinal);
            File.SetUnixFileMode(path, UnixFileMode.UserRead);
            Assert.Equal("1234", options.ReadPin());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
